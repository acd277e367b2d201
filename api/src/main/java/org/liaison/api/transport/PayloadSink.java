package org.liaison.api.transport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Takes responsibility for several payloads at once, as {@link #accept(Payload)} does for each, in the order
     * given. The core records them together, with one durable write where each {@code accept} needs its own: a
     * source that has many payloads at hand (a folder of files, a page of results) should offer them this way.
     *
     * <p>When this method returns, every payload given that is not among the returned rejections is recorded
     * durably, and the source may acknowledge it; a rejected payload is not taken, and the source keeps it and offers
     * it again later, as when {@code accept} throws. One payload's rejection does not stop the others.
     *
     * @param payloads the payloads received, in the order they were received
     * @return the payloads not taken, each with why, in the order given; empty when all were taken. The keys are
     *         the very objects given (a {@code Payload} is equal only to itself)
     * @since 1.1
     */
    default Map<Payload, PayloadRejectedException> acceptAll(List<Payload> payloads) {
        Map<Payload, PayloadRejectedException> rejected = new LinkedHashMap<>();
        for (Payload payload : payloads) {
            try {
                accept(payload);
            } catch (PayloadRejectedException e) {
                rejected.put(payload, e);
            }
        }
        return rejected;
    }
}
