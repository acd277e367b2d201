package org.liaison.core.internal.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * A queued delivery whose next attempt is due, with what deciding it again needs.
 *
 * @param key        the idempotency key
 * @param exchangeId the exchange it belongs to
 * @param recipient  the receiving partner
 * @param attempts   the failed attempts so far (0 before the first)
 * @param content    the records as canonical JSON, as its last decision let them go; not copied, do not modify
 * @param terms      its exchange's terms and its last decision
 */
public record DueDelivery(String key, String exchangeId, String recipient, int attempts, byte[] content,
        Terms terms) {

    /**
     * The terms of a delivery's exchange, and which configuration last decided the delivery, and when.
     *
     * @param sender       the sending partner
     * @param area         the cooperation area id
     * @param purpose      the purpose id
     * @param marking      the exchange's handling marking as journaled ({@code TLP:AMBER H1}), or null
     * @param decidedUnder the hash of the agreement configuration that took its last decision; null when unknown
     *                     (journaled by a Liaison that did not record it)
     * @param decidedAt    when that decision was taken; null when unknown
     * @param originator   the partner the records first came from when the sender passes them on; null when they
     *                     are the sender's own
     */
    public record Terms(String sender, String area, String purpose, String marking, String decidedUnder,
            Instant decidedAt, String originator) {

        public Terms {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(area, "area");
            Objects.requireNonNull(purpose, "purpose");
        }
    }

    public DueDelivery {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(terms, "terms");
    }
}
