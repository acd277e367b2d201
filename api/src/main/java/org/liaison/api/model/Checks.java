package org.liaison.api.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation shared by the builders of this package. Every failure is an {@link IllegalArgumentException} whose
 * message names the object ({@code Agreement 'un-interpol-2009'}), the field, what was expected and what was given.
 *
 * <p>Package-private on purpose: the rules are specified in the Javadoc of each model type, this class only keeps
 * their messages uniform. {@code org.liaison.api.record} has its own copy so that neither package exports it.
 */
final class Checks {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    static final String SLUG_RULE = "a slug matching " + SLUG;
    static final String COUNTRY_RULE = "an ISO 3166-1 alpha-2 code matching " + COUNTRY;

    private final String subject;

    private Checks(String subject) {
        this.subject = subject;
    }

    /** Checks for an object known by an id, which may itself still be missing. */
    static Checks of(String type, Object id) {
        return new Checks(id == null ? type : type + " '" + id + "'");
    }

    /** Checks for a value object that has no id. */
    static Checks of(String type) {
        return new Checks(type);
    }

    IllegalArgumentException invalid(String field, String expected, Object got) {
        return new IllegalArgumentException(
                subject + ": field '" + field + "' " + expected + ", got " + show(got));
    }

    IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(subject + ": " + message);
    }

    <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(subject + ": field '" + field + "' is required but was not set");
        }
        return value;
    }

    String text(String field, String value) {
        required(field, value);
        if (value.isBlank()) {
            throw invalid(field, "must not be blank", value);
        }
        return value;
    }

    String optionalText(String field, String value) {
        if (value != null && value.isBlank()) {
            throw invalid(field, "must not be blank when set (leave it unset instead)", value);
        }
        return value;
    }

    String slug(String field, String value) {
        required(field, value);
        if (!SLUG.matcher(value).matches()) {
            throw invalid(field, "must be " + SLUG_RULE, value);
        }
        return value;
    }

    String optionalSlug(String field, String value) {
        return value == null ? null : slug(field, value);
    }

    String country(String field, String value) {
        required(field, value);
        if (!COUNTRY.matcher(value).matches()) {
            throw invalid(field, "must be " + COUNTRY_RULE, value);
        }
        return value;
    }

    String optionalCountry(String field, String value) {
        return value == null ? null : country(field, value);
    }

    /** An unmodifiable copy in the given order; {@code null} is the empty list. */
    <T> List<T> list(String field, Collection<? extends T> values) {
        if (values == null) {
            return List.of();
        }
        noNulls(field, values);
        return List.copyOf(values);
    }

    /**
     * An unmodifiable copy in natural order, so that equal sets always iterate (and serialise) the same way;
     * {@code null} is the empty set.
     */
    <T extends Comparable<? super T>> Set<T> set(String field, Collection<? extends T> values) {
        if (values == null || values.isEmpty()) {
            return Set.of();
        }
        noNulls(field, values);
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.stream().sorted().distinct().toList()));
    }

    Set<String> slugs(String field, Collection<String> values) {
        return matching(field, values, SLUG, "must contain only slugs matching " + SLUG);
    }

    Set<String> countries(String field, Collection<String> values) {
        return matching(field, values, COUNTRY, "must contain only ISO 3166-1 alpha-2 codes matching " + COUNTRY);
    }

    Set<String> matching(String field, Collection<String> values, Pattern pattern, String expected) {
        Set<String> set = set(field, values);
        for (String value : set) {
            if (!pattern.matcher(value).matches()) {
                throw invalid(field, expected, value);
            }
        }
        return set;
    }

    private void noNulls(String field, Collection<?> values) {
        for (Object value : values) {
            if (value == null) {
                throw invalid(field, "must not contain null elements", values);
            }
        }
    }

    static String show(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof CharSequence) {
            return "'" + value + "'";
        }
        return String.valueOf(value);
    }
}
