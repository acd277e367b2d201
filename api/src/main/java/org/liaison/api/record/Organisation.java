package org.liaison.api.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.liaison.api.model.HandlingMarking;

/**
 * A legal person or organised group: a company, a charity, an entity on a sanctions list, an armed group.
 *
 * <p>Instances are immutable and valid: {@code id} is not blank and at most 512 characters long; {@code name} is not
 * blank; aliases, identifier schemes and identifier values are not blank; {@code jurisdiction}, when set, is an ISO
 * 3166-1 alpha-2 code in upper case; the dissolution date cannot be before the founding date.
 */
public final class Organisation implements DataRecord {

    private final String id;
    private final HandlingMarking marking;
    private final String name;
    private final List<String> aliases;
    private final String jurisdiction;
    private final Map<String, String> identifiers;
    private final List<Address> addresses;
    private final PartialDate foundingDate;
    private final PartialDate dissolutionDate;
    private final boolean closed;

    private Organisation(Builder builder) {
        Checks checks = Checks.of("Organisation", builder.id);
        this.id = checks.recordId(builder.id);
        this.marking = builder.marking;
        this.name = checks.text("name", builder.name);
        this.aliases = checks.texts("aliases", builder.aliases);
        this.jurisdiction = checks.optionalCountry("jurisdiction", builder.jurisdiction);
        this.identifiers = checks.textMap("identifiers", builder.identifiers);
        this.addresses = checks.list("addresses", builder.addresses);
        this.foundingDate = builder.foundingDate;
        this.dissolutionDate = builder.dissolutionDate;
        if (foundingDate != null && dissolutionDate != null
                && dissolutionDate.latestDay().isBefore(foundingDate.earliestDay())) {
            throw checks.invalid("dissolutionDate", "must not be before foundingDate (" + foundingDate + ")",
                    dissolutionDate);
        }
        this.closed = builder.closed;
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this record, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id;
        builder.marking = marking;
        builder.name = name;
        builder.aliases = aliases;
        builder.jurisdiction = jurisdiction;
        builder.identifiers = identifiers;
        builder.addresses = addresses;
        builder.foundingDate = foundingDate;
        builder.dissolutionDate = dissolutionDate;
        builder.closed = closed;
        return builder;
    }

    /** The record's id, stable for the same item from the same partner; not blank, at most 512 characters. */
    @Override
    public String id() {
        return id;
    }

    /**
     * The record's own handling marking, when the partner marked it individually; otherwise it is handled under the
     * marking of its exchange.
     */
    @Override
    public Optional<HandlingMarking> marking() {
        return Optional.ofNullable(marking);
    }

    /** Always {@link RecordType#ORGANISATION}. */
    @Override
    public RecordType type() {
        return RecordType.ORGANISATION;
    }

    /** The organisation's main name. */
    public String name() {
        return name;
    }

    /** Other names the organisation is known by, in the source's order; possibly empty. */
    public List<String> aliases() {
        return aliases;
    }

    /** The country whose law the organisation is registered under, as an ISO 3166-1 alpha-2 code. */
    public Optional<String> jurisdiction() {
        return Optional.ofNullable(jurisdiction);
    }

    /**
     * Identifiers of the organisation by scheme, such as {@code companies-house} to {@code 01234567} or {@code lei} to
     * a Legal Entity Identifier; possibly empty. Iterates in scheme order.
     */
    public Map<String, String> identifiers() {
        return identifiers;
    }

    /** The organisation's known addresses; possibly empty. */
    public List<Address> addresses() {
        return addresses;
    }

    /** When the organisation was founded or registered. */
    public Optional<PartialDate> foundingDate() {
        return Optional.ofNullable(foundingDate);
    }

    /** When the organisation was dissolved. */
    public Optional<PartialDate> dissolutionDate() {
        return Optional.ofNullable(dissolutionDate);
    }

    /**
     * Whether the source has closed the record: it no longer holds (a BODS record with {@code recordStatus}
     * {@code closed}). A closed record keeps what was last stated. False for the records most sources give.
     *
     * @since 1.1
     */
    public boolean closed() {
        return closed;
    }

    /** Two organisations are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Organisation other && Objects.equals(id, other.id)
                && Objects.equals(marking, other.marking) && Objects.equals(name, other.name)
                && Objects.equals(aliases, other.aliases) && Objects.equals(jurisdiction, other.jurisdiction)
                && Objects.equals(identifiers, other.identifiers) && Objects.equals(addresses, other.addresses)
                && Objects.equals(foundingDate, other.foundingDate)
                && Objects.equals(dissolutionDate, other.dissolutionDate)
                && closed == other.closed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, marking, name, aliases, jurisdiction, identifiers, addresses, foundingDate,
                dissolutionDate, closed);
    }

    /** The id and the name, for example {@code Organisation[QDe.004: Al-Qaida]}. */
    @Override
    public String toString() {
        return "Organisation[" + id + ": " + name + "]";
    }

    /**
     * Builds an {@link Organisation}; {@link #build()} validates. Collections are copied when set; a collection left
     * unset (or set to null) is empty.
     */
    public static final class Builder {

        private String id;
        private HandlingMarking marking;
        private String name;
        private List<String> aliases;
        private String jurisdiction;
        private Map<String, String> identifiers;
        private List<Address> addresses;
        private PartialDate foundingDate;
        private PartialDate dissolutionDate;
        private boolean closed;

        private Builder() {
        }

        /** The record's id; required, not blank, at most 512 characters. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The record's own handling marking, or null (the default) to use the exchange's. */
        public Builder marking(HandlingMarking marking) {
            this.marking = marking;
            return this;
        }

        /** The organisation's main name; required, not blank. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Other names the organisation is known by. Replaces any set before. */
        public Builder aliases(Collection<String> aliases) {
            this.aliases = aliases == null ? null : new ArrayList<>(aliases);
            return this;
        }

        /** Other names the organisation is known by. Replaces any set before. */
        public Builder aliases(String... aliases) {
            return aliases(aliases == null ? null : Arrays.asList(aliases));
        }

        /** The jurisdiction (ISO 3166-1 alpha-2), or null (the default). */
        public Builder jurisdiction(String jurisdiction) {
            this.jurisdiction = jurisdiction;
            return this;
        }

        /** Identifiers by scheme, such as {@code companies-house} to {@code 01234567}. Replaces any set before. */
        public Builder identifiers(Map<String, String> identifiers) {
            this.identifiers = identifiers == null ? null : new LinkedHashMap<>(identifiers);
            return this;
        }

        /** The known addresses. Replaces any set before. */
        public Builder addresses(Collection<Address> addresses) {
            this.addresses = addresses == null ? null : new ArrayList<>(addresses);
            return this;
        }

        /** The known addresses. Replaces any set before. */
        public Builder addresses(Address... addresses) {
            return addresses(addresses == null ? null : Arrays.asList(addresses));
        }

        /** When the organisation was founded, or null (the default). */
        public Builder foundingDate(PartialDate foundingDate) {
            this.foundingDate = foundingDate;
            return this;
        }

        /** When the organisation was dissolved, or null (the default). */
        public Builder dissolutionDate(PartialDate dissolutionDate) {
            this.dissolutionDate = dissolutionDate;
            return this;
        }

        /**
         * Whether the source has closed the record; false by default.
         *
         * @since 1.1
         */
        public Builder closed(boolean closed) {
            this.closed = closed;
            return this;
        }

        /**
         * Builds the record.
         *
         * @throws IllegalArgumentException naming the record and the field that is missing or breaks a rule of the
         *                                  {@link Organisation class description}
         */
        public Organisation build() {
            return new Organisation(this);
        }
    }
}
