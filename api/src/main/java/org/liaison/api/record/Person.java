package org.liaison.api.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.liaison.api.model.HandlingMarking;

/**
 * A natural person: the subject of a notice or a sanctions listing, an interested party in an ownership relation.
 *
 * <p>A person record holds what the source states and nothing more: several dates of birth when the source is
 * unsure, dates known only to the year, names in the source's spelling. Descriptions (colours, marks, places) are
 * in the source's words; codes (countries, languages, sex) are normalised.
 *
 * <p>Instances are immutable and valid: {@code id} is not blank and at most 512 characters long; {@code name} is
 * set; text fields are not blank when set; {@code countryOfBirth} and nationalities are ISO 3166-1 alpha-2 codes in
 * upper case; languages are lower-case codes; the height is more than 0 and less than 3 metres and the weight more
 * than 0 and less than 700 kilograms; lists and sets contain no nulls. Sets iterate in alphabetical order, lists in
 * the order given.
 */
public final class Person implements DataRecord {

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]+(-[a-z0-9]+)*");

    private final String id;
    private final HandlingMarking marking;
    private final PersonName name;
    private final List<PersonName> aliases;
    private final Sex sex;
    private final List<PartialDate> datesOfBirth;
    private final String placeOfBirth;
    private final String countryOfBirth;
    private final Set<String> nationalities;
    private final Set<String> languages;
    private final Double heightMetres;
    private final Double weightKg;
    private final Set<String> eyeColours;
    private final Set<String> hairColours;
    private final String distinguishingMarks;
    private final List<IdentityDocument> documents;
    private final List<Address> addresses;
    private final PartialDate dateOfDeath;
    private final boolean closed;

    private Person(Builder builder) {
        Checks checks = Checks.of("Person", builder.id);
        this.id = checks.recordId(builder.id);
        this.marking = builder.marking;
        this.name = checks.required("name", builder.name);
        this.aliases = checks.list("aliases", builder.aliases);
        this.sex = builder.sex;
        this.datesOfBirth = checks.list("datesOfBirth", builder.datesOfBirth);
        this.placeOfBirth = checks.optionalText("placeOfBirth", builder.placeOfBirth);
        this.countryOfBirth = checks.optionalCountry("countryOfBirth", builder.countryOfBirth);
        this.nationalities = checks.countries("nationalities", builder.nationalities);
        this.languages = checks.matching("languages", builder.languages, LANGUAGE,
                "must contain only lower-case language codes such as 'en' or 'fra'");
        this.heightMetres = builder.heightMetres;
        this.weightKg = builder.weightKg;
        this.eyeColours = checks.textSet("eyeColours", builder.eyeColours);
        this.hairColours = checks.textSet("hairColours", builder.hairColours);
        this.distinguishingMarks = checks.optionalText("distinguishingMarks", builder.distinguishingMarks);
        this.documents = checks.list("documents", builder.documents);
        this.addresses = checks.list("addresses", builder.addresses);
        if (heightMetres != null && !(heightMetres > 0 && heightMetres < 3)) {
            throw checks.invalid("heightMetres", "must be more than 0 and less than 3 (metres)", heightMetres);
        }
        if (weightKg != null && !(weightKg > 0 && weightKg < 700)) {
            throw checks.invalid("weightKg", "must be more than 0 and less than 700 (kilograms)", weightKg);
        }
        this.dateOfDeath = builder.dateOfDeath;
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
        builder.sex = sex;
        builder.datesOfBirth = datesOfBirth;
        builder.placeOfBirth = placeOfBirth;
        builder.countryOfBirth = countryOfBirth;
        builder.nationalities = nationalities;
        builder.languages = languages;
        builder.heightMetres = heightMetres;
        builder.weightKg = weightKg;
        builder.eyeColours = eyeColours;
        builder.hairColours = hairColours;
        builder.distinguishingMarks = distinguishingMarks;
        builder.documents = documents;
        builder.addresses = addresses;
        builder.dateOfDeath = dateOfDeath;
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

    /** Always {@link RecordType#PERSON}. */
    @Override
    public RecordType type() {
        return RecordType.PERSON;
    }

    /** The person's main name. */
    public PersonName name() {
        return name;
    }

    /** Other names the person is known by, in the source's order; possibly empty. */
    public List<PersonName> aliases() {
        return aliases;
    }

    /** The person's sex, when the source records it. */
    public Optional<Sex> sex() {
        return Optional.ofNullable(sex);
    }

    /** The dates of birth the source gives, in its order; several when it is not sure, possibly empty. */
    public List<PartialDate> datesOfBirth() {
        return datesOfBirth;
    }

    /** The place of birth, in the source's words, such as {@code Kandahar}. */
    public Optional<String> placeOfBirth() {
        return Optional.ofNullable(placeOfBirth);
    }

    /** The country of birth, as an ISO 3166-1 alpha-2 code. */
    public Optional<String> countryOfBirth() {
        return Optional.ofNullable(countryOfBirth);
    }

    /** The person's nationalities, as ISO 3166-1 alpha-2 codes; possibly empty. */
    public Set<String> nationalities() {
        return nationalities;
    }

    /**
     * The languages the person speaks, as lower-case ISO 639 codes such as {@code en} or {@code fra}; possibly empty.
     */
    public Set<String> languages() {
        return languages;
    }

    /** The person's height in metres, more than 0 and less than 3. */
    public Optional<Double> heightMetres() {
        return Optional.ofNullable(heightMetres);
    }

    /** The person's weight in kilograms, more than 0 and less than 700. */
    public Optional<Double> weightKg() {
        return Optional.ofNullable(weightKg);
    }

    /** The colours of the person's eyes, in the source's words, such as {@code brown}; possibly empty. */
    public Set<String> eyeColours() {
        return eyeColours;
    }

    /** The colours of the person's hair, in the source's words, such as {@code black}; possibly empty. */
    public Set<String> hairColours() {
        return hairColours;
    }

    /** Scars, tattoos and other distinguishing marks, in the source's words. */
    public Optional<String> distinguishingMarks() {
        return Optional.ofNullable(distinguishingMarks);
    }

    /** The person's identity documents; possibly empty. */
    public List<IdentityDocument> documents() {
        return documents;
    }

    /** The person's known addresses; possibly empty. */
    public List<Address> addresses() {
        return addresses;
    }

    /**
     * The person's date of death, when the source gives one (BODS {@code deathDate}).
     *
     * @since 1.1
     */
    public Optional<PartialDate> dateOfDeath() {
        return Optional.ofNullable(dateOfDeath);
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

    /** Two persons are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Person other && Objects.equals(id, other.id) && Objects.equals(marking, other.marking)
                && Objects.equals(name, other.name) && Objects.equals(aliases, other.aliases)
                && Objects.equals(sex, other.sex) && Objects.equals(datesOfBirth, other.datesOfBirth)
                && Objects.equals(placeOfBirth, other.placeOfBirth)
                && Objects.equals(countryOfBirth, other.countryOfBirth)
                && Objects.equals(nationalities, other.nationalities) && Objects.equals(languages, other.languages)
                && Objects.equals(heightMetres, other.heightMetres) && Objects.equals(weightKg, other.weightKg)
                && Objects.equals(eyeColours, other.eyeColours) && Objects.equals(hairColours, other.hairColours)
                && Objects.equals(distinguishingMarks, other.distinguishingMarks)
                && Objects.equals(documents, other.documents) && Objects.equals(addresses, other.addresses)
                && Objects.equals(dateOfDeath, other.dateOfDeath)
                && closed == other.closed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, marking, name, aliases, sex, datesOfBirth, placeOfBirth, countryOfBirth,
                nationalities, languages, heightMetres, weightKg, eyeColours, hairColours, distinguishingMarks,
                documents, addresses, dateOfDeath, closed);
    }

    /** The id and the name, for example {@code Person[A-123/2021: John Smith]}. */
    @Override
    public String toString() {
        return "Person[" + id + ": " + name + "]";
    }

    /**
     * Builds a {@link Person}; {@link #build()} validates. Collections are copied when set; a collection left unset
     * (or set to null) is empty.
     */
    public static final class Builder {

        private String id;
        private HandlingMarking marking;
        private PersonName name;
        private List<PersonName> aliases;
        private Sex sex;
        private List<PartialDate> datesOfBirth;
        private String placeOfBirth;
        private String countryOfBirth;
        private Set<String> nationalities;
        private Set<String> languages;
        private Double heightMetres;
        private Double weightKg;
        private Set<String> eyeColours;
        private Set<String> hairColours;
        private String distinguishingMarks;
        private List<IdentityDocument> documents;
        private List<Address> addresses;
        private PartialDate dateOfDeath;
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

        /** The person's main name; required. */
        public Builder name(PersonName name) {
            this.name = name;
            return this;
        }

        /** Other names the person is known by. Replaces any set before. */
        public Builder aliases(Collection<PersonName> aliases) {
            this.aliases = aliases == null ? null : new ArrayList<>(aliases);
            return this;
        }

        /** Other names the person is known by. Replaces any set before. */
        public Builder aliases(PersonName... aliases) {
            return aliases(aliases == null ? null : Arrays.asList(aliases));
        }

        /** The person's sex, or null (the default) when not recorded. */
        public Builder sex(Sex sex) {
            this.sex = sex;
            return this;
        }

        /** The dates of birth the source gives. Replaces any set before. */
        public Builder datesOfBirth(Collection<PartialDate> datesOfBirth) {
            this.datesOfBirth = datesOfBirth == null ? null : new ArrayList<>(datesOfBirth);
            return this;
        }

        /** The dates of birth the source gives. Replaces any set before. */
        public Builder datesOfBirth(PartialDate... datesOfBirth) {
            return datesOfBirth(datesOfBirth == null ? null : Arrays.asList(datesOfBirth));
        }

        /** The place of birth, or null (the default). */
        public Builder placeOfBirth(String placeOfBirth) {
            this.placeOfBirth = placeOfBirth;
            return this;
        }

        /** The country of birth (ISO 3166-1 alpha-2), or null (the default). */
        public Builder countryOfBirth(String countryOfBirth) {
            this.countryOfBirth = countryOfBirth;
            return this;
        }

        /** The nationalities (ISO 3166-1 alpha-2). Replaces any set before. */
        public Builder nationalities(Collection<String> nationalities) {
            this.nationalities = nationalities == null ? null : new LinkedHashSet<>(nationalities);
            return this;
        }

        /** The nationalities (ISO 3166-1 alpha-2). Replaces any set before. */
        public Builder nationalities(String... nationalities) {
            return nationalities(nationalities == null ? null : Arrays.asList(nationalities));
        }

        /** The languages spoken, as lower-case ISO 639 codes. Replaces any set before. */
        public Builder languages(Collection<String> languages) {
            this.languages = languages == null ? null : new LinkedHashSet<>(languages);
            return this;
        }

        /** The languages spoken, as lower-case ISO 639 codes. Replaces any set before. */
        public Builder languages(String... languages) {
            return languages(languages == null ? null : Arrays.asList(languages));
        }

        /** The height in metres, more than 0 and less than 3, or null (the default). */
        public Builder heightMetres(Double heightMetres) {
            this.heightMetres = heightMetres;
            return this;
        }

        /** The weight in kilograms, more than 0 and less than 700, or null (the default). */
        public Builder weightKg(Double weightKg) {
            this.weightKg = weightKg;
            return this;
        }

        /** The eye colours, in the source's words. Replaces any set before. */
        public Builder eyeColours(Collection<String> eyeColours) {
            this.eyeColours = eyeColours == null ? null : new LinkedHashSet<>(eyeColours);
            return this;
        }

        /** The eye colours, in the source's words. Replaces any set before. */
        public Builder eyeColours(String... eyeColours) {
            return eyeColours(eyeColours == null ? null : Arrays.asList(eyeColours));
        }

        /** The hair colours, in the source's words. Replaces any set before. */
        public Builder hairColours(Collection<String> hairColours) {
            this.hairColours = hairColours == null ? null : new LinkedHashSet<>(hairColours);
            return this;
        }

        /** The hair colours, in the source's words. Replaces any set before. */
        public Builder hairColours(String... hairColours) {
            return hairColours(hairColours == null ? null : Arrays.asList(hairColours));
        }

        /** Distinguishing marks, or null (the default). */
        public Builder distinguishingMarks(String distinguishingMarks) {
            this.distinguishingMarks = distinguishingMarks;
            return this;
        }

        /** The identity documents. Replaces any set before. */
        public Builder documents(Collection<IdentityDocument> documents) {
            this.documents = documents == null ? null : new ArrayList<>(documents);
            return this;
        }

        /** The identity documents. Replaces any set before. */
        public Builder documents(IdentityDocument... documents) {
            return documents(documents == null ? null : Arrays.asList(documents));
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

        /**
         * The date of death, or null (the default) when not known.
         *
         * @since 1.1
         */
        public Builder dateOfDeath(PartialDate dateOfDeath) {
            this.dateOfDeath = dateOfDeath;
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
         *                                  {@link Person class description}
         */
        public Person build() {
            return new Person(this);
        }
    }
}
