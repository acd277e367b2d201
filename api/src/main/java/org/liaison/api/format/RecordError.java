package org.liaison.api.format;

import java.util.Objects;
import java.util.Optional;

/**
 * Why one record of a payload was left out.
 *
 * <p>An error names where the record is ({@link #location()}: a record number, a line, a JSON path or an XML
 * path), the field at fault when there is one, what was expected and what was found, so that the partner can fix
 * the record without reading Liaison's code. The payload's name is added by whoever reports the error.
 */
public final class RecordError {

    private final String location;
    private final String field;
    private final String expected;
    private final String found;

    private RecordError(String location, String field, String expected, String found) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("record error: location must not be blank");
        }
        if (expected == null || expected.isBlank()) {
            throw new IllegalArgumentException("record error at " + location + ": expected must not be blank");
        }
        this.location = location;
        this.field = field == null || field.isBlank() ? null : field;
        this.expected = expected;
        this.found = found;
    }

    /**
     * An error about one field of a record.
     *
     * @param location where the record is, for example {@code record 3}, {@code line 17} or
     *                 {@code $._embedded.notices[4]}
     * @param field    the field at fault, in the partner's own naming, for example {@code date_of_birth}; null
     *                 when the record as a whole is at fault
     * @param expected what was expected, for example {@code a date like 1979/01/17}
     * @param found    what was found, shortened if long; null when the field is missing
     */
    public static RecordError of(String location, String field, String expected, String found) {
        return new RecordError(location, field, expected, shorten(found));
    }

    private static String shorten(String found) {
        if (found == null || found.length() <= 120) {
            return found;
        }
        return found.substring(0, 117) + "...";
    }

    /** Where the record is within its payload. */
    public String location() {
        return location;
    }

    /** The field at fault, if one is. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** What was expected. */
    public String expected() {
        return expected;
    }

    /** What was found; empty when the field was missing. */
    public Optional<String> found() {
        return Optional.ofNullable(found);
    }

    /**
     * The error as one line, for example
     * {@code record 3, field 'date_of_birth': expected a date like 1979/01/17, found "17.01.1979"}.
     */
    public String message() {
        StringBuilder text = new StringBuilder(location);
        if (field != null) {
            text.append(", field '").append(field).append('\'');
        }
        text.append(": expected ").append(expected);
        text.append(found == null ? ", found nothing" : ", found \"" + found + "\"");
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordError that && location.equals(that.location)
                && Objects.equals(field, that.field) && expected.equals(that.expected)
                && Objects.equals(found, that.found);
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, field, expected, found);
    }

    @Override
    public String toString() {
        return message();
    }
}
