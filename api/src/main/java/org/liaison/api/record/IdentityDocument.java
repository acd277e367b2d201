package org.liaison.api.record;

import java.util.Objects;
import java.util.Optional;

/**
 * An identity document of a {@link Person}: a passport, an identity card and so on.
 *
 * <p>Instances are immutable and valid: {@code type} and {@code number} are not blank, {@code note} is not blank
 * when set, and {@code issuingCountry}, when set, is an ISO 3166-1 alpha-2 code in upper case.
 */
public final class IdentityDocument {

    private final String type;
    private final String number;
    private final String issuingCountry;
    private final String note;

    private IdentityDocument(Builder builder) {
        Checks checks = Checks.of("IdentityDocument");
        this.type = checks.text("type", builder.type);
        this.number = checks.text("number", builder.number);
        this.issuingCountry = checks.optionalCountry("issuingCountry", builder.issuingCountry);
        this.note = checks.optionalText("note", builder.note);
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this value, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.type = type;
        builder.number = number;
        builder.issuingCountry = issuingCountry;
        builder.note = note;
        return builder;
    }

    /** The kind of document, in the source's terms, such as {@code passport} or {@code national-identity-card}. */
    public String type() {
        return type;
    }

    /** The document number, exactly as the source gives it. */
    public String number() {
        return number;
    }

    /** The issuing country, as an ISO 3166-1 alpha-2 code. */
    public Optional<String> issuingCountry() {
        return Optional.ofNullable(issuingCountry);
    }

    /** A note from the source, such as {@code expired} or {@code issued under another name}. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** Two identity documents are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityDocument other && Objects.equals(type, other.type)
                && Objects.equals(number, other.number) && Objects.equals(issuingCountry, other.issuingCountry)
                && Objects.equals(note, other.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, number, issuingCountry, note);
    }

    /** The type, issuing country and number, for example {@code passport FR 12AB34567}. */
    @Override
    public String toString() {
        return type + " " + (issuingCountry == null ? "" : issuingCountry + " ") + number;
    }

    /** Builds an {@link IdentityDocument}; {@link #build()} validates. */
    public static final class Builder {

        private String type;
        private String number;
        private String issuingCountry;
        private String note;

        private Builder() {
        }

        /** The kind of document; required, not blank. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** The document number; required, not blank. */
        public Builder number(String number) {
            this.number = number;
            return this;
        }

        /** The issuing country (ISO 3166-1 alpha-2), or null (the default). */
        public Builder issuingCountry(String issuingCountry) {
            this.issuingCountry = issuingCountry;
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
         *                                  {@link IdentityDocument class description}
         */
        public IdentityDocument build() {
            return new IdentityDocument(this);
        }
    }
}
