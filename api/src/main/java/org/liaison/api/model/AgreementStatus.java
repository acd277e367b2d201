package org.liaison.api.model;

import java.util.Arrays;

/**
 * Where an {@link Agreement} stands in its life. Only an agreement that is {@link #IN_FORCE} on the day of an
 * exchange allows that exchange (see {@link Agreement#inForceOn(java.time.LocalDate)}).
 *
 * <p>Adding a constant is a minor version change of this package.
 */
public enum AgreementStatus {
    /** Signed, but not yet in force: it allows no exchange. */
    SIGNED("signed"),
    /** In force: it allows exchanges within its validity window. */
    IN_FORCE("in-force"),
    /** Suspended by one of the parties: it allows no exchange until it is back in force. */
    SUSPENDED("suspended"),
    /** Terminated: it will never allow an exchange again. */
    TERMINATED("terminated");

    private final String id;

    AgreementStatus(String id) {
        this.id = id;
    }

    /** The stable lower-case name of this constant, used in configuration files and the canonical JSON format. */
    public String id() {
        return id;
    }

    /**
     * Returns the constant with the given {@link #id() id}; the match is exact (case-sensitive).
     *
     * @throws IllegalArgumentException naming the unknown id and listing the known ones
     */
    public static AgreementStatus fromId(String id) {
        for (AgreementStatus value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown agreement status '" + id + "': expected one of "
                + Arrays.stream(values()).map(AgreementStatus::id).toList());
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
