package org.liaison.api.record;

import java.util.Arrays;

/**
 * Whether a {@link SanctionListing} names an individual or an entity.
 *
 * <p>Adding a constant is a minor version change of this package.
 */
public enum SubjectKind {
    /** A natural person: the listing carries a {@link SanctionListing#person() person}. */
    INDIVIDUAL("individual"),
    /** A group, undertaking or other entity: the listing carries an {@link SanctionListing#organisation() entity}. */
    ENTITY("entity");

    private final String id;

    SubjectKind(String id) {
        this.id = id;
    }

    /** The stable lower-case name of this kind, such as {@code individual}. */
    public String id() {
        return id;
    }

    /**
     * Returns the constant with the given {@link #id() id}; the match is exact (case-sensitive).
     *
     * @throws IllegalArgumentException naming the unknown id and listing the known ones
     */
    public static SubjectKind fromId(String id) {
        for (SubjectKind value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown subject kind '" + id + "': expected one of "
                + Arrays.stream(values()).map(SubjectKind::id).toList());
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
