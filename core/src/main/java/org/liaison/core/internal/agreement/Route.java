package org.liaison.core.internal.agreement;

import java.util.List;
import java.util.Set;

import org.liaison.api.model.CooperationArea;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.RecordType;

/**
 * A configured flow of data: what a partner sends (all its records, or only some record types) goes to the
 * recipients, under one cooperation area and one purpose, marked with a TLP label unless a record carries its own.
 * Whether each recipient may actually receive it is still the agreement policy's decision.
 *
 * @param id          the route's id, unique in the configuration
 * @param from        the sending partner
 * @param recordTypes the record types the route carries; empty for all
 * @param to          the recipients
 * @param area        the cooperation area the flow serves
 * @param purpose     the purpose it serves
 * @param marking     the TLP label of the exchanges it makes
 */
public record Route(String id, String from, Set<RecordType> recordTypes, List<String> to, CooperationArea area,
        String purpose, Tlp marking) {

    public Route {
        recordTypes = Set.copyOf(recordTypes);
        to = List.copyOf(to);
    }

    /** True when the route carries records of the type. */
    public boolean carries(RecordType type) {
        return recordTypes.isEmpty() || recordTypes.contains(type);
    }
}
