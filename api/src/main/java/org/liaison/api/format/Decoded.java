package org.liaison.api.format;

import java.util.ArrayList;
import java.util.List;

import org.liaison.api.record.DataRecord;
import org.liaison.api.transport.Payload;

/**
 * Everything a format decoded from one payload, held in memory: a convenience for tests and small inputs. Large
 * inputs should be consumed through a {@link DecodeSink} instead.
 */
public final class Decoded {

    private final List<DataRecord> records;
    private final List<RecordError> errors;
    private final List<RecordError> warnings;

    private Decoded(List<DataRecord> records, List<RecordError> errors, List<RecordError> warnings) {
        this.records = List.copyOf(records);
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Decodes a payload with a format and collects the result.
     *
     * @throws FormatException when the format cannot read the payload at all
     */
    public static Decoded decode(PartnerFormat format, Payload payload) throws FormatException {
        List<DataRecord> records = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        List<RecordError> warnings = new ArrayList<>();
        format.decode(payload, new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                records.add(record);
            }

            @Override
            public void error(RecordError error) {
                errors.add(error);
            }

            @Override
            public void warning(RecordError warning) {
                warnings.add(warning);
            }
        });
        return new Decoded(records, errors, warnings);
    }

    /** The records, in payload order. */
    public List<DataRecord> records() {
        return records;
    }

    /** The per-record errors, in payload order. */
    public List<RecordError> errors() {
        return errors;
    }

    /** The values left out of records that were kept, in payload order. */
    public List<RecordError> warnings() {
        return warnings;
    }

    /** A summary line: {@code <n> records, <e> errors}, followed by {@code , <w> warnings} when there are any. */
    @Override
    public String toString() {
        return records.size() + " records, " + errors.size() + " errors"
                + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warnings");
    }
}
