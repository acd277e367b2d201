package org.liaison.api.format;

import org.liaison.api.record.DataRecord;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives what a {@link PartnerFormat} decodes, one record or one error at a time, so that a large input never has
 * to be held in memory whole.
 */
@ProviderType
public interface DecodeSink {

    /** Receives the next decoded record. */
    void record(DataRecord record);

    /** Receives an error about a record that was left out. */
    void error(RecordError error);

    /**
     * Receives a problem with one value of a record that was kept without that value: a nationality that names no
     * country, a document without a number. The record itself is handed to {@link #record(DataRecord)}; the warning
     * says what was lost, so that nothing is dropped silently. The default ignores it.
     */
    default void warning(RecordError warning) {
    }
}
