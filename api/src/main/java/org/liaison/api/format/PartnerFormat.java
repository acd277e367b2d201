package org.liaison.api.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

import org.liaison.api.record.DataRecord;
import org.liaison.api.record.RecordType;
import org.liaison.api.transport.Payload;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decodes a partner's bytes into model records and encodes model records into a partner's bytes.
 *
 * <p>Register an implementation as an OSGi service with the service properties {@link #PARTNER} and
 * {@link #FORMAT}, most simply with {@link PartnerFormatService @PartnerFormatService}:
 *
 * <pre>
 * &#64;Component
 * &#64;PartnerFormatService(partner = "interpol", format = "notices-json")
 * public class NoticesJsonFormat implements PartnerFormat { ... }
 * </pre>
 *
 * <p>A format that is not tied to one partner (the canonical JSON format, say) registers with the partner
 * {@value #ANY_PARTNER}; the core uses it for a partner that has no format of its own for a record type.
 *
 * <p>Implementations are called concurrently from several threads and must keep no state between calls. They must
 * bound what an input can make them allocate (field and document size limits, streaming for large inputs), and
 * XML formats must refuse external entities and DTDs.
 */
@ConsumerType
public interface PartnerFormat {

    /** Service property: the id of the partner whose format this is, or {@value #ANY_PARTNER}. Required. */
    String PARTNER = "liaison.partner";

    /** Service property: the format's id, unique for its partner, such as {@code notices-json}. Required. */
    String FORMAT = "liaison.format";

    /** The {@link #PARTNER} value of a format that serves every partner. */
    String ANY_PARTNER = "*";

    /** The record types this format decodes and encodes. Never empty. */
    Set<RecordType> recordTypes();

    /** The file-name extension for encoded content, without the dot, for example {@code json} or {@code xml}. */
    String fileExtension();

    /**
     * Tells whether a payload looks like this format, from its name and its first bytes, without decoding it. The
     * core uses it to pick among a partner's formats when none is named. It must be cheap and must not throw.
     *
     * @param name the payload's name, usually a file name
     * @param head the first bytes of the payload (up to 4 KiB; fewer for a short payload)
     * @return true when this format should be tried for the payload
     */
    boolean accepts(String name, byte[] head);

    /**
     * Decodes a payload, handing each record and each per-record error to the sink as it goes.
     *
     * <p>Records are handed over in the payload's order. A record that cannot be mapped is reported once with
     * {@link DecodeSink#error(RecordError)} and left out; decoding continues with the next record.
     *
     * @param payload the partner's bytes
     * @param sink    receives records and errors
     * @throws FormatException when the payload as a whole cannot be read: not this format, truncated, over a size
     *                         limit. The message names the payload and, where known, the position.
     */
    void decode(Payload payload, DecodeSink sink) throws FormatException;

    /**
     * Encodes records into the partner's bytes.
     *
     * <p>A record this format cannot represent (a type it does not carry, a value the partner format has no place
     * for) is left out and reported in the returned list; the others are written.
     *
     * @param records the records, in the order they should appear
     * @param out     where to write; not closed by this method
     * @return the records left out, one error each; empty when all were written
     * @throws IOException when writing to {@code out} fails
     */
    List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) throws IOException;
}
