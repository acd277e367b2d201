package org.liaison.api.record;

import java.util.Objects;
import java.util.Optional;

/**
 * A person's name or alias, as a source gives it. The {@link #fullName() full name} is always there; the parts are
 * there only when the source separates them, and are never derived by splitting the full name.
 *
 * <p>Instances are immutable and valid: {@code fullName} is not blank, and no other field is blank when set.
 */
public final class PersonName {

    private final String fullName;
    private final String givenNames;
    private final String familyName;
    private final String originalScript;
    private final String quality;

    private PersonName(Builder builder) {
        Checks checks = Checks.of("PersonName");
        this.fullName = checks.text("fullName", builder.fullName);
        this.givenNames = checks.optionalText("givenNames", builder.givenNames);
        this.familyName = checks.optionalText("familyName", builder.familyName);
        this.originalScript = checks.optionalText("originalScript", builder.originalScript);
        this.quality = checks.optionalText("quality", builder.quality);
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this value, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.fullName = fullName;
        builder.givenNames = givenNames;
        builder.familyName = familyName;
        builder.originalScript = originalScript;
        builder.quality = quality;
        return builder;
    }

    /** The name as a whole, as the source writes it, such as {@code John Smith} or {@code SMITH, John}. */
    public String fullName() {
        return fullName;
    }

    /** The given names, when the source separates them. */
    public Optional<String> givenNames() {
        return Optional.ofNullable(givenNames);
    }

    /** The family name, when the source separates it. */
    public Optional<String> familyName() {
        return Optional.ofNullable(familyName);
    }

    /** The name in its original script, such as Arabic or Cyrillic, when the source gives it. */
    public Optional<String> originalScript() {
        return Optional.ofNullable(originalScript);
    }

    /**
     * How good the source judges the name to be, in its own terms, such as {@code good} or {@code low} for the aliases
     * of a UN sanctions listing.
     */
    public Optional<String> quality() {
        return Optional.ofNullable(quality);
    }

    /** Two person names are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PersonName other && Objects.equals(fullName, other.fullName)
                && Objects.equals(givenNames, other.givenNames) && Objects.equals(familyName, other.familyName)
                && Objects.equals(originalScript, other.originalScript) && Objects.equals(quality, other.quality);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fullName, givenNames, familyName, originalScript, quality);
    }

    /** The full name, then the name in its original script when known: {@code Ivan Petrov / Иван Петров}. */
    @Override
    public String toString() {
        return originalScript == null ? fullName : fullName + " / " + originalScript;
    }

    /** Builds a {@link PersonName}; {@link #build()} validates. */
    public static final class Builder {

        private String fullName;
        private String givenNames;
        private String familyName;
        private String originalScript;
        private String quality;

        private Builder() {
        }

        /** The name as a whole; required, not blank. */
        public Builder fullName(String fullName) {
            this.fullName = fullName;
            return this;
        }

        /** The given names, or null (the default). */
        public Builder givenNames(String givenNames) {
            this.givenNames = givenNames;
            return this;
        }

        /** The family name, or null (the default). */
        public Builder familyName(String familyName) {
            this.familyName = familyName;
            return this;
        }

        /** The name in its original script, or null (the default). */
        public Builder originalScript(String originalScript) {
            this.originalScript = originalScript;
            return this;
        }

        /** How good the source judges the name to be, or null (the default). */
        public Builder quality(String quality) {
            this.quality = quality;
            return this;
        }

        /**
         * Builds the value.
         *
         * @throws IllegalArgumentException naming the value and the field that is missing or breaks a rule of the
         *                                  {@link PersonName class description}
         */
        public PersonName build() {
            return new PersonName(this);
        }
    }
}
