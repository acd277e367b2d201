package org.liaison.api.record;

import java.util.Objects;
import java.util.Optional;

/**
 * A charge on which a {@link Notice} subject is wanted, as the arrest warrant states it.
 *
 * <p>Instances are immutable and valid: {@code text} is not blank, and {@code country}, when set, is an ISO 3166-1
 * alpha-2 code in upper case.
 */
public final class Charge {

    private final String country;
    private final String text;

    private Charge(Builder builder) {
        Checks checks = Checks.of("Charge");
        this.country = checks.optionalCountry("country", builder.country);
        this.text = checks.text("text", builder.text);
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this value, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.country = country;
        builder.text = text;
        return builder;
    }

    /** The country that issued the warrant, as an ISO 3166-1 alpha-2 code. */
    public Optional<String> country() {
        return Optional.ofNullable(country);
    }

    /** The charge, in the words of the source, such as {@code Murder, terrorism}. */
    public String text() {
        return text;
    }

    /** Two charges are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Charge other && Objects.equals(country, other.country)
                && Objects.equals(text, other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(country, text);
    }

    /** The country, if known, and the text, for example {@code FR: Murder}. */
    @Override
    public String toString() {
        return country == null ? text : country + ": " + text;
    }

    /** Builds a {@link Charge}; {@link #build()} validates. */
    public static final class Builder {

        private String country;
        private String text;

        private Builder() {
        }

        /** The country that issued the warrant (ISO 3166-1 alpha-2), or null (the default). */
        public Builder country(String country) {
            this.country = country;
            return this;
        }

        /** The charge, in the words of the source; required, not blank. */
        public Builder text(String text) {
            this.text = text;
            return this;
        }

        /**
         * Builds the value.
         *
         * @throws IllegalArgumentException naming the value and the field that is missing or breaks a rule of the
         *                                  {@link Charge class description}
         */
        public Charge build() {
            return new Charge(this);
        }
    }
}
