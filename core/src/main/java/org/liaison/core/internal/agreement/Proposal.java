package org.liaison.core.internal.agreement;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.liaison.api.model.Tlp;

/**
 * What the policy decides on: data of some record types from some countries, moving from one partner to one other
 * under a declared area and purpose. Names are kept as given (a partner, area or purpose nobody knows is a reason to
 * deny, not an error), so that the policy can say exactly what it did not recognise.
 *
 * @param sender     the partner the data moves from
 * @param recipient  the partner the data moves to
 * @param area       the cooperation area id the exchange is made under
 * @param purpose    the purpose id
 * @param marking    the exchange's TLP label
 * @param date       the day the exchange takes place, against which validity windows are checked
 * @param originator the partner the data first came from when the sender passes it on; null when it is the
 *                   sender's own
 * @param items      what moves, one item per record; empty for an exchange without records
 * @param exchangeId the exchange's id, for consents limited to exchanges; null when not known
 * @param recordIds  the ids of the records, for consents limited to records; empty when not known
 */
record Proposal(String sender, String recipient, String area, String purpose, Tlp marking, LocalDate date,
        String originator, List<Item> items, String exchangeId, Set<String> recordIds) {

    /** A proposal that names neither its exchange nor its records. */
    Proposal(String sender, String recipient, String area, String purpose, Tlp marking, LocalDate date,
            String originator, List<Item> items) {
        this(sender, recipient, area, purpose, marking, date, originator, items, null, Set.of());
    }

    /**
     * One record's worth of what moves.
     *
     * @param recordType the record type id
     * @param countries  the alpha-2 countries the record relates to; empty when it names none
     * @param marking    the record's own TLP label, or null when it has none
     */
    record Item(String recordType, Set<String> countries, Tlp marking) {
        Item {
            Objects.requireNonNull(recordType, "recordType");
            countries = Set.copyOf(countries);
        }
    }

    Proposal {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(marking, "marking");
        Objects.requireNonNull(date, "date");
        items = List.copyOf(items);
        recordIds = Set.copyOf(recordIds);
    }
}
