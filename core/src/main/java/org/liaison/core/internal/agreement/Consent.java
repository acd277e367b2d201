package org.liaison.core.internal.agreement;

import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

import org.liaison.api.model.ValidityWindow;
import org.liaison.api.record.RecordType;

/**
 * An originator's consent to the onward transfer of its data: the partner that gave data to a sender agrees that the
 * sender passes it on to one recipient, under an agreement whose onward-transfer rule is
 * {@code with-originator-consent}. A consent is data, read from the configuration like agreements
 * ({@code "consents"}, usually in {@code conf/consents/}), hot-reloaded and audited with it.
 *
 * @param id          the consent's stable id; decisions name it
 * @param originator  who consented: the partner the data first came from
 * @param sender      the partner that may pass the data on
 * @param recipient   the partner it may be passed on to
 * @param recordTypes the record types it covers; empty for all
 * @param records     the ids of the records it covers; empty for any record
 * @param exchanges   the ids of the exchanges it covers; empty for any exchange
 * @param validity    the days it applies, both included
 * @param withdrawn   true when the originator withdrew it: it covers nothing any more
 * @param document    the reference of the document that records the consent (a letter, a note verbale)
 */
record Consent(String id, String originator, String sender, String recipient, Set<RecordType> recordTypes,
        Set<String> records, Set<String> exchanges, ValidityWindow validity, boolean withdrawn, String document) {

    Consent {
        recordTypes = Set.copyOf(recordTypes);
        records = Set.copyOf(new TreeSet<>(records));
        exchanges = Set.copyOf(new TreeSet<>(exchanges));
    }

    /** Whether it is in force on the day: given, not withdrawn, and the day inside its validity. */
    boolean inForce(LocalDate date) {
        return !withdrawn && validity.contains(date);
    }

    /**
     * Whether it covers passing on these records: same originator, sender and recipient, in force on the day, and
     * every record type, record id and the exchange id within what it names (a consent limited to records or an
     * exchange covers no proposal that does not name them).
     *
     * @param recordIds  the ids of the records passed on; empty when not known
     * @param exchangeId the exchange's id; null when not known
     */
    boolean covers(String originator, String sender, String recipient, LocalDate date, Set<RecordType> types,
            Set<String> recordIds, String exchangeId) {
        return this.originator.equals(originator) && this.sender.equals(sender) && this.recipient.equals(recipient)
                && inForce(date)
                && (recordTypes.isEmpty() || recordTypes.containsAll(types))
                && (records.isEmpty() || !recordIds.isEmpty() && records.containsAll(recordIds))
                && (exchanges.isEmpty() || exchangeId != null && exchanges.contains(exchangeId));
    }
}
