package org.liaison.api.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A joint project or operation that partners work on together, such as a UNODC programme or an INTERPOL
 * operation. Agreements (typically {@link AgreementKind#PROJECT_CHARTER project charters}) and exchanges name the
 * project they belong to by its {@link #id() id}.
 *
 * <p>Instances are immutable and valid: {@code id}, every leading partner and every purpose are slugs matching
 * {@code [a-z0-9][a-z0-9._-]*}; {@code name} is not blank, nor are {@code programme} and {@code description} when
 * set; there is at least one leading partner; participating countries are ISO 3166-1 alpha-2 codes in upper case.
 * Sets iterate in alphabetical order.
 */
public final class Project {

    private final String id;
    private final String name;
    private final String programme;
    private final Set<String> leadingPartners;
    private final Set<String> participatingCountries;
    private final Set<String> purposes;
    private final String description;

    private Project(Builder builder) {
        Checks checks = Checks.of("Project", builder.id);
        this.id = checks.slug("id", builder.id);
        this.name = checks.text("name", builder.name);
        this.programme = checks.optionalText("programme", builder.programme);
        this.leadingPartners = checks.slugs("leadingPartners", builder.leadingPartners);
        if (leadingPartners.isEmpty()) {
            throw checks.invalid("leadingPartners", "must name at least one partner", leadingPartners);
        }
        this.participatingCountries = checks.countries("participatingCountries", builder.participatingCountries);
        this.purposes = checks.slugs("purposes", builder.purposes);
        this.description = checks.optionalText("description", builder.description);
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this project, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id;
        builder.name = name;
        builder.programme = programme;
        builder.leadingPartners = leadingPartners;
        builder.participatingCountries = participatingCountries;
        builder.purposes = purposes;
        builder.description = description;
        return builder;
    }

    /** The project's stable id, such as {@code crimjust}. */
    public String id() {
        return id;
    }

    /** The project's name for people. */
    public String name() {
        return name;
    }

    /** The programme the project is part of, such as {@code UNODC Global Programme on Criminal Network Disruption}. */
    public Optional<String> programme() {
        return Optional.ofNullable(programme);
    }

    /** The ids of the partners leading the project; at least one. Unmodifiable. */
    public Set<String> leadingPartners() {
        return leadingPartners;
    }

    /** The countries taking part, as ISO 3166-1 alpha-2 codes; possibly empty. Unmodifiable. */
    public Set<String> participatingCountries() {
        return participatingCountries;
    }

    /** The purposes the project serves, as slugs such as {@code drug-trafficking}; possibly empty. Unmodifiable. */
    public Set<String> purposes() {
        return purposes;
    }

    /** A description of the project for people. */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** Two projects are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Project other && id.equals(other.id) && name.equals(other.name)
                && Objects.equals(programme, other.programme) && leadingPartners.equals(other.leadingPartners)
                && participatingCountries.equals(other.participatingCountries) && purposes.equals(other.purposes)
                && Objects.equals(description, other.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, programme, leadingPartners, participatingCountries, purposes, description);
    }

    /** A short description, for example {@code Project[crimjust: CRIMJUST, led by [interpol, unodc]]}. */
    @Override
    public String toString() {
        return "Project[" + id + ": " + name + ", led by " + leadingPartners + "]";
    }

    /**
     * Builds a {@link Project}; {@link #build()} validates. Collections are copied when set; a collection left unset
     * (or set to null) is empty.
     */
    public static final class Builder {

        private String id;
        private String name;
        private String programme;
        private Set<String> leadingPartners;
        private Set<String> participatingCountries;
        private Set<String> purposes;
        private String description;

        private Builder() {
        }

        private static Set<String> copy(Collection<String> values) {
            return values == null ? null : new LinkedHashSet<>(values);
        }

        /** The project's stable id, a slug; required. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The project's name; required, not blank. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The programme the project is part of, or null (the default). */
        public Builder programme(String programme) {
            this.programme = programme;
            return this;
        }

        /** The ids of the leading partners, replacing any set before; at least one is required. */
        public Builder leadingPartners(Collection<String> leadingPartners) {
            this.leadingPartners = copy(leadingPartners);
            return this;
        }

        /** The ids of the leading partners, replacing any set before; at least one is required. */
        public Builder leadingPartners(String... leadingPartners) {
            return leadingPartners(leadingPartners == null ? null : Arrays.asList(leadingPartners));
        }

        /** The participating countries (ISO 3166-1 alpha-2), replacing any set before. */
        public Builder participatingCountries(Collection<String> participatingCountries) {
            this.participatingCountries = copy(participatingCountries);
            return this;
        }

        /** The participating countries (ISO 3166-1 alpha-2), replacing any set before. */
        public Builder participatingCountries(String... participatingCountries) {
            return participatingCountries(
                    participatingCountries == null ? null : Arrays.asList(participatingCountries));
        }

        /** The purposes the project serves, replacing any set before. */
        public Builder purposes(Collection<String> purposes) {
            this.purposes = copy(purposes);
            return this;
        }

        /** The purposes the project serves, replacing any set before. */
        public Builder purposes(String... purposes) {
            return purposes(purposes == null ? null : Arrays.asList(purposes));
        }

        /** A description for people, or null (the default). */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Builds the project.
         *
         * @throws IllegalArgumentException naming the project and the field that is missing or malformed
         */
        public Project build() {
            return new Project(this);
        }
    }
}
