package org.liaison.core.internal.journal;

import java.util.List;

/**
 * One (exchange, recipient) delivery to journal with its exchange.
 *
 * <p>
 * {@code state} is {@link Journal#DENIED} (with at least one reason and no content) or {@link Journal#QUEUED}
 * (with content: the records as canonical JSON bytes; the recipient's format is applied at delivery).
 *
 * @param key           the idempotency key, unique across the journal; channels pass it on to the recipient
 * @param recipient     the receiving partner
 * @param state         {@code DENIED} or {@code QUEUED}
 * @param agreements    the agreements that cover the delivery (QUEUED); may be empty
 * @param reasons       why the delivery is denied (DENIED); may be empty for QUEUED
 * @param removedFields the fields an agreement removed before delivery; may be empty
 * @param content       QUEUED: the records as canonical JSON; DENIED: null. Not copied, do not modify
 * @param decidedUnder  the hash of the agreement configuration that decided it; journaled with the exchange's
 *                      creation time as the time of the decision
 * @param recordKeys    QUEUED: the records it carries, as {@code <record type>:<record id>}, so that the journal
 *                      knows where they came from when the recipient sends them on; may be empty
 */
public record NewDelivery(String key, String recipient, String state, List<String> agreements, List<String> reasons,
        List<String> removedFields, byte[] content, String decidedUnder, List<String> recordKeys) {

    /** A delivery whose records are not to be traced (a denial; tests). */
    public NewDelivery(String key, String recipient, String state, List<String> agreements, List<String> reasons,
            List<String> removedFields, byte[] content, String decidedUnder) {
        this(key, recipient, state, agreements, reasons, removedFields, content, decidedUnder, List.of());
    }

    public NewDelivery {
        Checks.text("delivery key", key);
        Checks.text("delivery " + key + ": recipient", recipient);
        Checks.text("delivery " + key + ": decidedUnder", decidedUnder);
        agreements = agreements == null ? List.of() : List.copyOf(agreements);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        removedFields = removedFields == null ? List.of() : List.copyOf(removedFields);
        recordKeys = recordKeys == null ? List.of() : List.copyOf(recordKeys);
        if (Journal.DENIED.equals(state)) {
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("delivery " + key + ": a DENIED delivery needs its reasons");
            }
            if (content != null) {
                throw new IllegalArgumentException("delivery " + key + ": a DENIED delivery has no content");
            }
        } else if (Journal.QUEUED.equals(state)) {
            if (content == null) {
                throw new IllegalArgumentException("delivery " + key + ": a QUEUED delivery needs its content");
            }
        } else {
            throw new IllegalArgumentException(
                    "delivery " + key + ": state must be DENIED or QUEUED, not " + state);
        }
    }
}
