package org.liaison.core.internal.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.google.gson.stream.JsonReader;

import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.Payload;

/**
 * The journal keeps records in the canonical JSON format, through the canonical-json plugin found in the registry:
 * neutral between partners, and readable again whatever plugins come and go. While that plugin is absent, the
 * engine waits rather than journal records in a form nothing could read back.
 */
final class Canonical {

    static final String FORMAT = "canonical-json";

    private final PluginRegistry registry;

    Canonical(PluginRegistry registry) {
        this.registry = registry;
    }

    private Optional<PartnerFormat> format() {
        return registry.format(PartnerFormat.ANY_PARTNER, FORMAT);
    }

    boolean available() {
        return format().isPresent();
    }

    /** The records as canonical JSON; empty when the canonical-json plugin is absent. */
    Optional<byte[]> encode(List<DataRecord> records) throws IOException {
        Optional<PartnerFormat> format = format();
        if (format.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.get().encode(records, out);
        if (!errors.isEmpty()) {
            throw new IOException("the canonical JSON format left out records: " + errors);
        }
        return Optional.of(out.toByteArray());
    }

    /**
     * The type of the first record of journaled canonical JSON, read from its first tokens only; empty when there
     * is no record or the content does not start the way the canonical JSON format writes it. Every exchange holds
     * records of one type, so this is enough to choose the recipient's format without decoding.
     */
    static Optional<String> firstRecordType(byte[] content) {
        try (JsonReader reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(content),
                StandardCharsets.UTF_8))) {
            reader.beginObject();
            while (reader.hasNext()) {
                if (!reader.nextName().equals("records")) {
                    reader.skipValue();
                    continue;
                }
                reader.beginArray();
                if (!reader.hasNext()) {
                    return Optional.empty();
                }
                reader.beginObject();
                return reader.nextName().equals("type") ? Optional.of(reader.nextString()) : Optional.empty();
            }
            return Optional.empty();
        } catch (IOException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The records of journaled canonical JSON; empty when the canonical-json plugin is absent. */
    Optional<List<DataRecord>> decode(String name, byte[] content) throws FormatException {
        Optional<PartnerFormat> format = format();
        if (format.isEmpty()) {
            return Optional.empty();
        }
        Decoded decoded = Decoded.decode(format.get(), Payload.ofBytes("liaison", name, content));
        if (!decoded.errors().isEmpty()) {
            throw new FormatException(name + ": journaled records no longer decode: " + decoded.errors());
        }
        return Optional.of(decoded.records());
    }
}
