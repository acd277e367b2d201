package org.liaison.api.record;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.liaison.api.model.HandlingMarking;

/**
 * A security or conflict incident, as peacekeeping missions and conflict monitors such as ACLED record them: what
 * happened, where, when, who was involved and how many died.
 *
 * <p>Instances are immutable and valid: {@code id} is not blank and at most 512 characters long; {@code date} is
 * set; {@code eventType} is not blank, nor are the other text fields and list elements; {@code countryCode}, when
 * set, is two or three upper-case letters; {@code fatalities} is not negative.
 */
public final class Incident implements DataRecord {

    private final String id;
    private final HandlingMarking marking;
    private final LocalDate date;
    private final String eventType;
    private final String subEventType;
    private final String disorderType;
    private final List<String> actors;
    private final String countryCode;
    private final String countryName;
    private final String admin1;
    private final String admin2;
    private final String admin3;
    private final String location;
    private final GeoPoint point;
    private final int fatalities;
    private final List<String> sources;
    private final String notes;
    private final List<String> tags;
    private final List<IncidentActor> actorRoles;

    private Incident(Builder builder) {
        Checks checks = Checks.of("Incident", builder.id);
        this.id = checks.recordId(builder.id);
        this.marking = builder.marking;
        this.date = checks.required("date", builder.date);
        this.eventType = checks.text("eventType", builder.eventType);
        this.subEventType = checks.optionalText("subEventType", builder.subEventType);
        this.disorderType = checks.optionalText("disorderType", builder.disorderType);
        List<String> givenActors = checks.texts("actors", builder.actors);
        this.countryCode = checks.optionalCountryCode("countryCode", builder.countryCode);
        this.countryName = checks.optionalText("countryName", builder.countryName);
        this.admin1 = checks.optionalText("admin1", builder.admin1);
        this.admin2 = checks.optionalText("admin2", builder.admin2);
        this.admin3 = checks.optionalText("admin3", builder.admin3);
        this.location = checks.optionalText("location", builder.location);
        this.point = builder.point;
        this.fatalities = builder.fatalities;
        this.sources = checks.texts("sources", builder.sources);
        this.notes = checks.optionalText("notes", builder.notes);
        this.tags = checks.texts("tags", builder.tags);
        if (fatalities < 0) {
            throw checks.invalid("fatalities", "must not be negative", fatalities);
        }
        List<IncidentActor> roles = checks.list("actorRoles", builder.actorRoles);
        List<String> named = roles.stream().map(IncidentActor::name).toList();
        if (!roles.isEmpty() && !givenActors.isEmpty() && !givenActors.equals(named)) {
            throw checks.invalid("actorRoles", "must name the actors of 'actors' " + givenActors + ", in the same"
                    + " order", named);
        }
        this.actors = roles.isEmpty() || !givenActors.isEmpty() ? givenActors : named;
        this.actorRoles = roles;
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
        builder.date = date;
        builder.eventType = eventType;
        builder.subEventType = subEventType;
        builder.disorderType = disorderType;
        builder.actors = actors;
        builder.countryCode = countryCode;
        builder.countryName = countryName;
        builder.admin1 = admin1;
        builder.admin2 = admin2;
        builder.admin3 = admin3;
        builder.location = location;
        builder.point = point;
        builder.fatalities = fatalities;
        builder.sources = sources;
        builder.notes = notes;
        builder.tags = tags;
        builder.actorRoles = actorRoles;
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

    /** Always {@link RecordType#INCIDENT}. */
    @Override
    public RecordType type() {
        return RecordType.INCIDENT;
    }

    /** The day the incident took place. */
    public LocalDate date() {
        return date;
    }

    /** The type of event, in the source's terms, such as ACLED's {@code Violence against civilians}. */
    public String eventType() {
        return eventType;
    }

    /** The sub-type of event, in the source's terms, such as {@code Attack}. */
    public Optional<String> subEventType() {
        return Optional.ofNullable(subEventType);
    }

    /** The type of disorder, in the source's terms, such as {@code Political violence}. */
    public Optional<String> disorderType() {
        return Optional.ofNullable(disorderType);
    }

    /** The actors involved, in the source's words and order; possibly empty. */
    public List<String> actors() {
        return actors;
    }

    /** The country, as an ISO 3166-1 alpha-2 or alpha-3 code. */
    public Optional<String> countryCode() {
        return Optional.ofNullable(countryCode);
    }

    /** The country's name, as the source writes it. */
    public Optional<String> countryName() {
        return Optional.ofNullable(countryName);
    }

    /** The largest administrative division, such as a region or province. */
    public Optional<String> admin1() {
        return Optional.ofNullable(admin1);
    }

    /** The second administrative division, such as a district. */
    public Optional<String> admin2() {
        return Optional.ofNullable(admin2);
    }

    /** The third administrative division. */
    public Optional<String> admin3() {
        return Optional.ofNullable(admin3);
    }

    /** The place, such as a town or village. */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /** Where the incident took place, on the map. */
    public Optional<GeoPoint> point() {
        return Optional.ofNullable(point);
    }

    /** The number of reported fatalities; 0 when none were reported. Not negative. */
    public int fatalities() {
        return fatalities;
    }

    /** The sources of the report, such as newspapers or mission units; possibly empty. */
    public List<String> sources() {
        return sources;
    }

    /** A narrative of the incident. */
    public Optional<String> notes() {
        return Optional.ofNullable(notes);
    }

    /** Free tags from the source; possibly empty. */
    public List<String> tags() {
        return tags;
    }

    /**
     * The actors with the part each plays, in the same order as {@link #actors()}, when the source says who is on
     * which side (ACLED's {@code actor1}, {@code assoc_actor_1}, {@code actor2}, {@code assoc_actor_2}); empty when
     * it does not.
     *
     * @since 1.1
     */
    public List<IncidentActor> actorRoles() {
        return actorRoles;
    }

    /** Two incidents are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Incident other && Objects.equals(id, other.id)
                && Objects.equals(marking, other.marking) && Objects.equals(date, other.date)
                && Objects.equals(eventType, other.eventType) && Objects.equals(subEventType, other.subEventType)
                && Objects.equals(disorderType, other.disorderType) && Objects.equals(actors, other.actors)
                && Objects.equals(countryCode, other.countryCode) && Objects.equals(countryName, other.countryName)
                && Objects.equals(admin1, other.admin1) && Objects.equals(admin2, other.admin2)
                && Objects.equals(admin3, other.admin3) && Objects.equals(location, other.location)
                && Objects.equals(point, other.point) && fatalities == other.fatalities
                && Objects.equals(sources, other.sources) && Objects.equals(notes, other.notes)
                && Objects.equals(tags, other.tags)
                && Objects.equals(actorRoles, other.actorRoles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, marking, date, eventType, subEventType, disorderType, actors, countryCode,
                countryName, admin1, admin2, admin3, location, point, fatalities, sources, notes, tags, actorRoles);
    }

    /** The id, date, type and place, for example {@code Incident[MLI123: 2023-05-01 Battles, Gao, 3 fatalities]}. */
    @Override
    public String toString() {
        String place = location != null ? location : countryName != null ? countryName : countryCode;
        return "Incident[" + id + ": " + date + " " + eventType + (place == null ? "" : ", " + place) + ", "
                + fatalities + " fatalities]";
    }

    /**
     * Builds an {@link Incident}; {@link #build()} validates. Collections are copied when set; a collection left unset
     * (or set to null) is empty.
     */
    public static final class Builder {

        private String id;
        private HandlingMarking marking;
        private LocalDate date;
        private String eventType;
        private String subEventType;
        private String disorderType;
        private List<String> actors;
        private String countryCode;
        private String countryName;
        private String admin1;
        private String admin2;
        private String admin3;
        private String location;
        private GeoPoint point;
        private int fatalities;
        private List<String> sources;
        private String notes;
        private List<String> tags;
        private List<IncidentActor> actorRoles;

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

        /** The day of the incident; required. */
        public Builder date(LocalDate date) {
            this.date = date;
            return this;
        }

        /** The type of event; required, not blank. */
        public Builder eventType(String eventType) {
            this.eventType = eventType;
            return this;
        }

        /** The sub-type of event, or null (the default). */
        public Builder subEventType(String subEventType) {
            this.subEventType = subEventType;
            return this;
        }

        /** The type of disorder, or null (the default). */
        public Builder disorderType(String disorderType) {
            this.disorderType = disorderType;
            return this;
        }

        /** The actors involved. Replaces any set before. */
        public Builder actors(Collection<String> actors) {
            this.actors = actors == null ? null : new ArrayList<>(actors);
            return this;
        }

        /** The actors involved. Replaces any set before. */
        public Builder actors(String... actors) {
            return actors(actors == null ? null : Arrays.asList(actors));
        }

        /** The country, as an upper-case ISO 3166-1 alpha-2 or alpha-3 code, or null (the default). */
        public Builder countryCode(String countryCode) {
            this.countryCode = countryCode;
            return this;
        }

        /** The country's name, or null (the default). */
        public Builder countryName(String countryName) {
            this.countryName = countryName;
            return this;
        }

        /** The largest administrative division, or null (the default). */
        public Builder admin1(String admin1) {
            this.admin1 = admin1;
            return this;
        }

        /** The second administrative division, or null (the default). */
        public Builder admin2(String admin2) {
            this.admin2 = admin2;
            return this;
        }

        /** The third administrative division, or null (the default). */
        public Builder admin3(String admin3) {
            this.admin3 = admin3;
            return this;
        }

        /** The place, or null (the default). */
        public Builder location(String location) {
            this.location = location;
            return this;
        }

        /** Where the incident took place, or null (the default). */
        public Builder point(GeoPoint point) {
            this.point = point;
            return this;
        }

        /** The number of reported fatalities; 0 (the default) or more. */
        public Builder fatalities(int fatalities) {
            this.fatalities = fatalities;
            return this;
        }

        /** The sources of the report. Replaces any set before. */
        public Builder sources(Collection<String> sources) {
            this.sources = sources == null ? null : new ArrayList<>(sources);
            return this;
        }

        /** The sources of the report. Replaces any set before. */
        public Builder sources(String... sources) {
            return sources(sources == null ? null : Arrays.asList(sources));
        }

        /** A narrative of the incident, or null (the default). */
        public Builder notes(String notes) {
            this.notes = notes;
            return this;
        }

        /** Free tags from the source. Replaces any set before. */
        public Builder tags(Collection<String> tags) {
            this.tags = tags == null ? null : new ArrayList<>(tags);
            return this;
        }

        /** Free tags from the source. Replaces any set before. */
        public Builder tags(String... tags) {
            return tags(tags == null ? null : Arrays.asList(tags));
        }

        /**
         * The actors with their roles; none by default. When set, {@link #actors(Collection)} may be left unset: the
         * actors are then these actors' names, in order. Replaces any set before.
         *
         * @since 1.1
         */
        public Builder actorRoles(Collection<IncidentActor> actorRoles) {
            this.actorRoles = actorRoles == null ? null : new ArrayList<>(actorRoles);
            return this;
        }

        /**
         * The actors with their roles. Replaces any set before.
         *
         * @since 1.1
         */
        public Builder actorRoles(IncidentActor... actorRoles) {
            return actorRoles(actorRoles == null ? null : Arrays.asList(actorRoles));
        }

        /**
         * Builds the record.
         *
         * @throws IllegalArgumentException naming the record and the field that is missing or breaks a rule of the
         *                                  {@link Incident class description}
         */
        public Incident build() {
            return new Incident(this);
        }
    }
}
