package org.liaison.core.internal.journal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An exchange as {@code liaison:exchanges} lists it.
 *
 * @param deliveryStateByRecipient the state of each recipient's delivery, recipients sorted by name
 */
public record ExchangeSummary(String id, String sender, String area, String purpose, Instant createdAt,
        Map<String, String> deliveryStateByRecipient) {

    public ExchangeSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        deliveryStateByRecipient = Collections.unmodifiableMap(new LinkedHashMap<>(deliveryStateByRecipient));
    }
}
