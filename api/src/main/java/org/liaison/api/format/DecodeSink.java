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
}
