package org.liaison.api.record;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A postal address, or as much of one as the source gives: sanctions lists often give only a city and a country.
 *
 * <p>Instances are immutable and valid: at least one field is set, no field is blank, and {@code country}, when
 * set, is an ISO 3166-1 alpha-2 code in upper case.
 */
public final class Address {

    private final String street;
    private final String city;
    private final String region;
    private final String postalCode;
    private final String country;
    private final String note;

    private Address(Builder builder) {
        Checks checks = Checks.of("Address");
        this.street = checks.optionalText("street", builder.street);
        this.city = checks.optionalText("city", builder.city);
        this.region = checks.optionalText("region", builder.region);
        this.postalCode = checks.optionalText("postalCode", builder.postalCode);
        this.country = checks.optionalCountry("country", builder.country);
        this.note = checks.optionalText("note", builder.note);
        if (street == null && city == null && region == null && postalCode == null && country == null && note == null) {
            throw checks.invalid("an Address needs at least one of the fields street, city, region, postalCode, "
                    + "country and note");
        }
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this value, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.street = street;
        builder.city = city;
        builder.region = region;
        builder.postalCode = postalCode;
        builder.country = country;
        builder.note = note;
        return builder;
    }

    /** The street and number, or the whole address in one line when the source does not split it. */
    public Optional<String> street() {
        return Optional.ofNullable(street);
    }

    /** The city or locality. */
    public Optional<String> city() {
        return Optional.ofNullable(city);
    }

    /** The state, province or region. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** The postal code. */
    public Optional<String> postalCode() {
        return Optional.ofNullable(postalCode);
    }

    /** The country, as an ISO 3166-1 alpha-2 code. */
    public Optional<String> country() {
        return Optional.ofNullable(country);
    }

    /** A note from the source, such as {@code previous address} or {@code reportedly}. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** Two addresses are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Address other && Objects.equals(street, other.street)
                && Objects.equals(city, other.city) && Objects.equals(region, other.region)
                && Objects.equals(postalCode, other.postalCode) && Objects.equals(country, other.country)
                && Objects.equals(note, other.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(street, city, region, postalCode, country, note);
    }

    /** The fields that are set, separated by commas, for example {@code Kandahar, AF}. */
    @Override
    public String toString() {
        return Stream.of(street, city, region, postalCode, country, note).filter(Objects::nonNull)
                .collect(Collectors.joining(", "));
    }

    /** Builds an {@link Address}; {@link #build()} validates. */
    public static final class Builder {

        private String street;
        private String city;
        private String region;
        private String postalCode;
        private String country;
        private String note;

        private Builder() {
        }

        /** The street and number, or null (the default). */
        public Builder street(String street) {
            this.street = street;
            return this;
        }

        /** The city, or null (the default). */
        public Builder city(String city) {
            this.city = city;
            return this;
        }

        /** The region, or null (the default). */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The postal code, or null (the default). */
        public Builder postalCode(String postalCode) {
            this.postalCode = postalCode;
            return this;
        }

        /** The country (ISO 3166-1 alpha-2), or null (the default). */
        public Builder country(String country) {
            this.country = country;
            return this;
        }

        /** A note from the source, or null (the default). */
        public Builder note(String note) {
            this.note = note;
            return this;
        }

        /**
         * Builds the value.
         *
         * @throws IllegalArgumentException naming the value and the field that is missing or breaks a rule of the
         *                                  {@link Address class description}
         */
        public Address build() {
            return new Address(this);
        }
    }
}
