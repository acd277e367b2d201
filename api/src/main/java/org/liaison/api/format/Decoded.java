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

    private Decoded(List<DataRecord> records, List<RecordError> errors) {
        this.records = List.copyOf(records);
        this.errors = List.copyOf(errors);
    }

    /**
     * Decodes a payload with a format and collects the result.
     *
     * @throws FormatException when the format cannot read the payload at all
     */
    public static Decoded decode(PartnerFormat format, Payload payload) throws FormatException {
        List<DataRecord> records = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        format.decode(payload, new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                records.add(record);
            }

            @Override
            public void error(RecordError error) {
                errors.add(error);
            }
        });
        return new Decoded(records, errors);
    }

    /** The records, in payload order. */
    public List<DataRecord> records() {
        return records;
    }

    /** The per-record errors, in payload order. */
    public List<RecordError> errors() {
        return errors;
    }

    /** A summary line: {@code <n> records, <e> errors}. */
    @Override
    public String toString() {
        return records.size() + " records, " + errors.size() + " errors";
    }
}
