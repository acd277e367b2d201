package org.liaison.api.model;

import java.util.Arrays;

/**
 * The legal form of an {@link Agreement}.
 *
 * <p>Adding a constant is a minor version change of this package.
 */
public enum AgreementKind {
    /** A cooperation agreement between two or more partners, such as the UN–INTERPOL agreement of 1997. */
    COOPERATION_AGREEMENT("cooperation-agreement"),
    /** A memorandum of understanding: a less formal arrangement, often limited to given areas or missions. */
    MEMORANDUM_OF_UNDERSTANDING("memorandum-of-understanding"),
    /**
     * An agreement that supplements a parent agreement, such as the 2009 supplementary arrangement on peacekeeping
     * operations. It names its {@link Agreement#parent() parent} and inherits the parent's parties when it
     * names none itself.
     */
    SUPPLEMENTARY_AGREEMENT("supplementary-agreement"),
    /** The charter of a joint project, which partners join to work on one programme or operation. */
    PROJECT_CHARTER("project-charter");

    private final String id;

    AgreementKind(String id) {
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
    public static AgreementKind fromId(String id) {
        for (AgreementKind value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown agreement kind '" + id + "': expected one of "
                + Arrays.stream(values()).map(AgreementKind::id).toList());
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
