package org.liaison.api.record;

import java.util.Arrays;

/**
 * The sex of a {@link Person} as the source records it, with the one-letter codes of ICAO Doc 9303 (machine
 * readable travel documents) and INTERPOL notices.
 */
public enum Sex {
    /** Male: {@code M}. */
    MALE("M"),
    /** Female: {@code F}. */
    FEMALE("F"),
    /** Not known, or not stated by the source: {@code U}. */
    UNKNOWN("U");

    private final String id;

    Sex(String id) {
        this.id = id;
    }

    /** The one-letter code, {@code M}, {@code F} or {@code U}: upper case, unlike the ids of other enums. */
    public String id() {
        return id;
    }

    /**
     * Returns the constant with the given {@link #id() id}; the match is exact (case-sensitive).
     *
     * @throws IllegalArgumentException naming the unknown id and listing the known ones
     */
    public static Sex fromId(String id) {
        for (Sex value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown sex '" + id + "': expected one of "
                + Arrays.stream(values()).map(Sex::id).toList());
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
