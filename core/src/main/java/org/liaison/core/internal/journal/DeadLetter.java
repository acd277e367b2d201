package org.liaison.core.internal.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * A delivery that gave up after its last attempt, as {@code liaison:deadletters} lists it.
 *
 * @param key        the idempotency key
 * @param exchangeId the exchange it belongs to
 * @param recipient  the receiving partner
 * @param attempts   how many attempts were made
 * @param lastError  the error of the last attempt
 * @param since      when it became a dead letter
 */
public record DeadLetter(String key, String exchangeId, String recipient, int attempts, String lastError,
        Instant since) {

    public DeadLetter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(since, "since");
    }
}
