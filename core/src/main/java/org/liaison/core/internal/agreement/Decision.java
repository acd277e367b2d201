package org.liaison.core.internal.agreement;

import java.util.List;

/**
 * The policy's answer for one sender, one recipient and what moves between them.
 *
 * @param allowed       true for ALLOW, false for DENY
 * @param agreements    ALLOW: the ids of the agreements that cover the exchange, sorted; DENY: empty
 * @param reasons       DENY: every reason, in a stable order; ALLOW: empty
 * @param removedFields ALLOW: the fields removed before delivery, as {@code type.field (agreement id)}; DENY: empty
 * @param consents      ALLOW: the ids of the originators' consents that allowed passing the data on; otherwise empty
 */
public record Decision(boolean allowed, List<String> agreements, List<String> reasons, List<String> removedFields,
        List<String> consents) {

    public Decision {
        agreements = List.copyOf(agreements);
        reasons = List.copyOf(reasons);
        removedFields = List.copyOf(removedFields);
        consents = List.copyOf(consents);
    }

    static Decision allow(List<String> agreements, List<String> removedFields) {
        return new Decision(true, agreements, List.of(), removedFields, List.of());
    }

    /** The same ALLOW, passing data on by the originators' consents. */
    Decision withConsents(List<String> consentIds) {
        return new Decision(allowed, agreements, reasons, removedFields, consentIds);
    }

    static Decision deny(List<String> reasons) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a denial needs at least one reason");
        }
        return new Decision(false, List.of(), reasons, List.of(), List.of());
    }

    /**
     * The decision as the first line of {@code liaison:check}: {@code ALLOW <agreement ids>}, followed by
     * {@code with consent <ids>} when consents allowed passing the data on, or {@code DENY <reasons>}.
     */
    public String summary() {
        return allowed ? "ALLOW " + String.join(" ", agreements)
                + (consents.isEmpty() ? "" : " with consent " + String.join(" ", consents))
                : "DENY " + String.join("; ", reasons);
    }
}
