package org.liaison.core.internal.journal;

import java.util.Objects;

/**
 * A queued delivery whose next attempt is due.
 *
 * @param key        the idempotency key
 * @param exchangeId the exchange it belongs to
 * @param recipient  the receiving partner
 * @param attempts   the failed attempts so far (0 before the first)
 * @param content    the records as canonical JSON; not copied, do not modify
 */
public record DueDelivery(String key, String exchangeId, String recipient, int attempts, byte[] content) {

    public DueDelivery {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(content, "content");
    }
}
