package org.liaison.api.record;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation shared by the builders of this package. Every failure is an {@link IllegalArgumentException} whose
 * message names the object ({@code Person 'A-123'}), the field, what was expected and what was given.
 *
 * <p>Package-private on purpose: the rules are specified in the Javadoc of each record type, this class only keeps
 * their messages uniform. {@code org.liaison.api.model} has its own copy so that neither package exports it.
 */
final class Checks {

    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    static final String COUNTRY_RULE = "an ISO 3166-1 alpha-2 code matching " + COUNTRY;
    /** Country codes as UNODC and ACLED give them: ISO 3166-1 alpha-2 or alpha-3. */
    static final Pattern COUNTRY_CODE = Pattern.compile("[A-Z]{2,3}");
    static final int MAX_ID_LENGTH = 512;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

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

    String recordId(String value) {
        text("id", value);
        if (value.length() > MAX_ID_LENGTH) {
            throw invalid("id", "must be at most " + MAX_ID_LENGTH + " characters long",
                    value.length() + " characters");
        }
        return value;
    }

    String countryCode(String field, String value) {
        required(field, value);
        if (!COUNTRY_CODE.matcher(value).matches()) {
            throw invalid(field, "must be an ISO 3166-1 alpha-2 or alpha-3 code matching " + COUNTRY_CODE, value);
        }
        return value;
    }

    String optionalCountryCode(String field, String value) {
        return value == null ? null : countryCode(field, value);
    }

    String optionalOneOf(String field, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw invalid(field, "must be one of " + allowed, value);
        }
        return value;
    }

    /** A percentage from 0 to 100, both included, or null. */
    BigDecimal optionalPercentage(String field, BigDecimal value) {
        if (value != null && (value.signum() < 0 || value.compareTo(HUNDRED) > 0)) {
            throw invalid(field, "must be a percentage from 0 to 100", value);
        }
        return value;
    }

    /** A list of non-blank strings. */
    List<String> texts(String field, Collection<String> values) {
        List<String> list = list(field, values);
        for (String value : list) {
            if (value.isBlank()) {
                throw invalid(field, "must not contain blank strings", list);
            }
        }
        return list;
    }

    /** A set of non-blank strings. */
    Set<String> textSet(String field, Collection<String> values) {
        Set<String> set = set(field, values);
        for (String value : set) {
            if (value.isBlank()) {
                throw invalid(field, "must not contain blank strings", set);
            }
        }
        return set;
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

    /**
     * An unmodifiable copy in key order with non-blank keys and values; {@code null} is the empty map.
     */
    Map<String, String> textMap(String field, Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        values.keySet().stream().sorted(Comparator.nullsFirst(Comparator.naturalOrder())).forEach(key -> {
            String value = values.get(key);
            if (key == null || key.isBlank() || value == null || value.isBlank()) {
                throw invalid(field, "must map non-blank keys to non-blank values",
                        show(key) + " -> " + show(value));
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
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
