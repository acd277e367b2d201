package org.liaison.core.internal.journal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code liaison:status} shows of the journal. The maps keep their order: states in their life-cycle order
 * (every state present, 0 when none), recipients sorted by name (only those with at least one).
 *
 * @param payloadsByState   RECEIVED, PROCESSED, QUARANTINED
 * @param deliveriesByState DENIED, QUEUED, DELIVERED, DEAD
 * @param queuedByRecipient queue depth (QUEUED deliveries) per recipient
 * @param deadByRecipient   dead letters per recipient
 * @param sizeBytes         the journal's size on disk, or -1 when not known
 */
public record JournalStats(Map<String, Long> payloadsByState, Map<String, Long> deliveriesByState,
        Map<String, Long> queuedByRecipient, Map<String, Long> deadByRecipient, long sizeBytes) {

    public JournalStats {
        payloadsByState = ordered(payloadsByState);
        deliveriesByState = ordered(deliveriesByState);
        queuedByRecipient = ordered(queuedByRecipient);
        deadByRecipient = ordered(deadByRecipient);
    }

    private static Map<String, Long> ordered(Map<String, Long> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
