package org.liaison.api.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
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
    private final List<String> parts;

    private PersonName(Builder builder) {
        Checks checks = Checks.of("PersonName");
        this.fullName = checks.text("fullName", builder.fullName);
        this.givenNames = checks.optionalText("givenNames", builder.givenNames);
        this.familyName = checks.optionalText("familyName", builder.familyName);
        this.originalScript = checks.optionalText("originalScript", builder.originalScript);
        this.quality = checks.optionalText("quality", builder.quality);
        this.parts = checks.texts("parts", builder.parts);
        if (!parts.isEmpty() && !fullName.equals(String.join(" ", parts))) {
            throw checks.invalid("parts", "must be the parts of fullName '" + fullName + "' (joined with single"
                    + " spaces, they give it)", parts);
        }
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
        builder.parts = parts;
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

    /**
     * The name's parts in the order the source gives them, when it gives the name in parts that are neither given
     * names nor a family name: the UN Consolidated List's {@code FIRST_NAME} to {@code FOURTH_NAME}, which follow the
     * naming customs of each listed person. Empty when the source gives the name whole. The
     * {@linkplain #fullName() full name} is then the parts joined with single spaces.
     *
     * @since 1.1
     */
    public List<String> parts() {
        return parts;
    }

    /** Two person names are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PersonName other && Objects.equals(fullName, other.fullName)
                && Objects.equals(givenNames, other.givenNames) && Objects.equals(familyName, other.familyName)
                && Objects.equals(originalScript, other.originalScript) && Objects.equals(quality, other.quality)
                && Objects.equals(parts, other.parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fullName, givenNames, familyName, originalScript, quality, parts);
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
        private List<String> parts;

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
         * The name's parts in the source's order; none by default. Replaces any set before.
         *
         * @since 1.1
         */
        public Builder parts(Collection<String> parts) {
            this.parts = parts == null ? null : new ArrayList<>(parts);
            return this;
        }

        /**
         * The name's parts in the source's order. Replaces any set before.
         *
         * @since 1.1
         */
        public Builder parts(String... parts) {
            return parts(parts == null ? null : Arrays.asList(parts));
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
