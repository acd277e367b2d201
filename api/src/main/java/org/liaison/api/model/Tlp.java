package org.liaison.api.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A Traffic Light Protocol 2.0 label (FIRST, TLP version 2.0): how widely the recipient of information may share
 * it. The constants are declared from the least to the most restrictive, so {@link #compareTo(Enum) compareTo}
 * and {@link #isAbove(Tlp)} order them by restriction.
 *
 * <p>Unlike the other enums of this package, the {@link #id() id} is the label as TLP writes it, in upper case
 * ({@code TLP:AMBER+STRICT}). The labels are those of TLP 2.0 and their order is part of this type's contract.
 */
public enum Tlp {
    /** {@code TLP:CLEAR}: recipients may share the information without limit (TLP 1.0 called it WHITE). */
    CLEAR("TLP:CLEAR"),
    /** {@code TLP:GREEN}: recipients may share it within their community, not publicly. */
    GREEN("TLP:GREEN"),
    /** {@code TLP:AMBER}: recipients may share it within their organisation and its clients, on a need to know. */
    AMBER("TLP:AMBER"),
    /** {@code TLP:AMBER+STRICT}: recipients may share it only within their own organisation, on a need to know. */
    AMBER_STRICT("TLP:AMBER+STRICT"),
    /** {@code TLP:RED}: for the eyes and ears of the individual recipients only, no further. */
    RED("TLP:RED");

    private static final String PREFIX = "TLP:";

    private final String id;

    Tlp(String id) {
        this.id = id;
    }

    /** The label as TLP 2.0 writes it, for example {@code TLP:AMBER+STRICT}. */
    public String id() {
        return id;
    }

    /**
     * Whether this label is more restrictive than {@code ceiling}: information marked {@code AMBER} is above a
     * {@code GREEN} ceiling, and not above an {@code AMBER} one.
     *
     * @throws NullPointerException when {@code ceiling} is null
     */
    public boolean isAbove(Tlp ceiling) {
        Objects.requireNonNull(ceiling, "ceiling");
        return compareTo(ceiling) > 0;
    }

    /**
     * Returns the label with the given {@link #id() id}. The match ignores case and the {@code TLP:} prefix may be
     * left out, so {@code TLP:AMBER+STRICT}, {@code tlp:amber+strict} and {@code amber+strict} are the same label.
     * For compatibility with TLP 1.0, {@code WHITE} (with or without the prefix) is read as {@link #CLEAR}.
     *
     * @throws IllegalArgumentException naming the unknown label and listing the known ones
     */
    public static Tlp fromId(String id) {
        if (id != null) {
            String label = id.toUpperCase(Locale.ROOT);
            if (!label.startsWith(PREFIX)) {
                label = PREFIX + label;
            }
            if (label.equals("TLP:WHITE")) {
                return CLEAR;
            }
            for (Tlp tlp : values()) {
                if (tlp.id.equals(label)) {
                    return tlp;
                }
            }
        }
        throw new IllegalArgumentException("unknown TLP label '" + id + "': expected one of "
                + Arrays.stream(values()).map(Tlp::id).toList()
                + " (case-insensitive, the TLP: prefix optional, TLP:WHITE read as TLP:CLEAR)");
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
