package org.liaison.api.transport;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link DataSource} hands the payloads it receives. The core provides it.
 */
@ProviderType
public interface PayloadSink {

    /**
     * Takes responsibility for a payload.
     *
     * <p>When this method returns normally the core has recorded the payload durably, and the source may
     * acknowledge it to the partner: delete or move the file, commit the offset, answer the HTTP request. When it
     * throws, the core has not taken the payload; the source keeps it and offers it again later. A payload may
     * therefore be offered more than once; the core recognises repeats.
     *
     * @param payload the payload received
     * @throws PayloadRejectedException when the core cannot take the payload now; the message says why
     */
    void accept(Payload payload) throws PayloadRejectedException;
}
