package org.liaison.core.internal.agreement;

import java.util.Set;
import java.util.TreeSet;

import org.liaison.api.model.CooperationArea;

/**
 * A one-way provision of an agreement: under one area of cooperation, data moves only from the partners of
 * {@code from} to the partners of {@code to}. "Access to databases" under the UN–INTERPOL agreement is one: the
 * mission police consult INTERPOL's databases, INTERPOL does not consult theirs. An area with no direction in an
 * agreement goes both ways between its parties; an area with several goes each of their ways.
 *
 * @param area the area the provision concerns, one of the agreement's areas
 * @param from the partners data may come from under it, parties of the agreement
 * @param to   the partners it may go to, parties of the agreement
 */
record Direction(CooperationArea area, Set<String> from, Set<String> to) {

    Direction {
        from = Set.copyOf(new TreeSet<>(from));
        to = Set.copyOf(new TreeSet<>(to));
    }

    boolean allows(String sender, String recipient) {
        return from.contains(sender) && to.contains(recipient);
    }

    /** {@code interpol -> unpol}, partners in alphabetical order. */
    String text() {
        return String.join(",", new TreeSet<>(from)) + " -> " + String.join(",", new TreeSet<>(to));
    }
}
