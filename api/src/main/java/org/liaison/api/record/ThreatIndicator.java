package org.liaison.api.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.liaison.api.model.HandlingMarking;

/**
 * A cyber-threat indicator or another threat-intelligence object, as STIX 2.1 carries them: indicators, malware,
 * threat actors, campaigns, attack patterns, vulnerabilities, reports. The record id is the object's id, such as a
 * STIX id {@code indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f}.
 *
 * <p>STIX objects carry their own TLP marking; it becomes the record's {@link #marking() marking}.
 *
 * <p>Instances are immutable and valid: {@code id} is not blank and at most 512 characters long; {@code objectType}
 * is lower-case letters, digits and hyphens, starting with a letter or digit; text fields and list elements are not
 * blank; {@code validUntil} is not before {@code validFrom}, and {@code modified} not before {@code created}.
 */
public final class ThreatIndicator implements DataRecord {

    private static final Pattern OBJECT_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final String id;
    private final HandlingMarking marking;
    private final String objectType;
    private final String name;
    private final String description;
    private final String pattern;
    private final String patternType;
    private final Instant validFrom;
    private final Instant validUntil;
    private final List<String> labels;
    private final List<String> externalReferences;
    private final List<String> relatedIds;
    private final Instant created;
    private final Instant modified;
    private final List<GranularMarking> granularMarkings;

    private ThreatIndicator(Builder builder) {
        Checks checks = Checks.of("ThreatIndicator", builder.id);
        this.id = checks.recordId(builder.id);
        this.marking = builder.marking;
        this.objectType = checks.required("objectType", builder.objectType);
        this.name = checks.optionalText("name", builder.name);
        this.description = checks.optionalText("description", builder.description);
        this.pattern = checks.optionalText("pattern", builder.pattern);
        this.patternType = checks.optionalText("patternType", builder.patternType);
        this.validFrom = builder.validFrom;
        this.validUntil = builder.validUntil;
        this.labels = checks.texts("labels", builder.labels);
        this.externalReferences = checks.texts("externalReferences", builder.externalReferences);
        this.relatedIds = checks.texts("relatedIds", builder.relatedIds);
        this.created = builder.created;
        this.modified = builder.modified;
        if (!OBJECT_TYPE.matcher(objectType).matches()) {
            throw checks.invalid("objectType",
                    "must be a lower-case type matching " + OBJECT_TYPE + ", such as 'indicator'", objectType);
        }
        if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
            throw checks.invalid("validUntil", "must not be before validFrom (" + validFrom + ")", validUntil);
        }
        if (created != null && modified != null && modified.isBefore(created)) {
            throw checks.invalid("modified", "must not be before created (" + created + ")", modified);
        }
        this.granularMarkings = checks.list("granularMarkings", builder.granularMarkings);
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
        builder.objectType = objectType;
        builder.name = name;
        builder.description = description;
        builder.pattern = pattern;
        builder.patternType = patternType;
        builder.validFrom = validFrom;
        builder.validUntil = validUntil;
        builder.labels = labels;
        builder.externalReferences = externalReferences;
        builder.relatedIds = relatedIds;
        builder.created = created;
        builder.modified = modified;
        builder.granularMarkings = granularMarkings;
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

    /** Always {@link RecordType#THREAT_INDICATOR}. */
    @Override
    public RecordType type() {
        return RecordType.THREAT_INDICATOR;
    }

    /**
     * The kind of object, as STIX names it: {@code indicator}, {@code malware}, {@code threat-actor}, {@code
     * campaign}, {@code attack-pattern}, {@code vulnerability}, {@code identity}, {@code report} or another lower-case
     * type.
     */
    public String objectType() {
        return objectType;
    }

    /** The object's name. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** A description of the object. */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** The detection pattern of an indicator, such as {@code [ipv4-addr:value = '198.51.100.1']}. */
    public Optional<String> pattern() {
        return Optional.ofNullable(pattern);
    }

    /** The language of the pattern, such as {@code stix}, {@code snort} or {@code yara}. */
    public Optional<String> patternType() {
        return Optional.ofNullable(patternType);
    }

    /** From when the indicator is valid. */
    public Optional<Instant> validFrom() {
        return Optional.ofNullable(validFrom);
    }

    /** Until when the indicator is valid; not before {@link #validFrom()}. */
    public Optional<Instant> validUntil() {
        return Optional.ofNullable(validUntil);
    }

    /** Labels describing the object, in the source's order; possibly empty. */
    public List<String> labels() {
        return labels;
    }

    /** References to outside sources: URLs, CVE ids, report names; possibly empty. */
    public List<String> externalReferences() {
        return externalReferences;
    }

    /** The ids of related objects, such as the malware an indicator points to; possibly empty. */
    public List<String> relatedIds() {
        return relatedIds;
    }

    /** When the object was created by its producer. */
    public Optional<Instant> created() {
        return Optional.ofNullable(created);
    }

    /** When the object was last modified by its producer; not before {@link #created()}. */
    public Optional<Instant> modified() {
        return Optional.ofNullable(modified);
    }

    /**
     * The markings that apply to some of the record's fields only (STIX {@code granular_markings}); empty when the
     * record's own {@linkplain #marking() marking} applies to all of it.
     *
     * @since 1.1
     */
    public List<GranularMarking> granularMarkings() {
        return granularMarkings;
    }

    /** Two threat indicators are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ThreatIndicator other && Objects.equals(id, other.id)
                && Objects.equals(marking, other.marking) && Objects.equals(objectType, other.objectType)
                && Objects.equals(name, other.name) && Objects.equals(description, other.description)
                && Objects.equals(pattern, other.pattern) && Objects.equals(patternType, other.patternType)
                && Objects.equals(validFrom, other.validFrom) && Objects.equals(validUntil, other.validUntil)
                && Objects.equals(labels, other.labels)
                && Objects.equals(externalReferences, other.externalReferences)
                && Objects.equals(relatedIds, other.relatedIds) && Objects.equals(created, other.created)
                && Objects.equals(modified, other.modified)
                && Objects.equals(granularMarkings, other.granularMarkings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, marking, objectType, name, description, pattern, patternType, validFrom,
                validUntil, labels, externalReferences, relatedIds, created, modified, granularMarkings);
    }

    /** The id, type and name, for example {@code ThreatIndicator[indicator--8e2e…: indicator Malicious site]}. */
    @Override
    public String toString() {
        return "ThreatIndicator[" + id + ": " + objectType + (name == null ? "" : " " + name) + "]";
    }

    /**
     * Builds a {@link ThreatIndicator}; {@link #build()} validates. Collections are copied when set; a collection left
     * unset (or set to null) is empty.
     */
    public static final class Builder {

        private String id;
        private HandlingMarking marking;
        private String objectType;
        private String name;
        private String description;
        private String pattern;
        private String patternType;
        private Instant validFrom;
        private Instant validUntil;
        private List<String> labels;
        private List<String> externalReferences;
        private List<String> relatedIds;
        private Instant created;
        private Instant modified;
        private List<GranularMarking> granularMarkings;

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

        /** The kind of object, such as {@code indicator}; required, lower case. */
        public Builder objectType(String objectType) {
            this.objectType = objectType;
            return this;
        }

        /** The object's name, or null (the default). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A description, or null (the default). */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The detection pattern, or null (the default). */
        public Builder pattern(String pattern) {
            this.pattern = pattern;
            return this;
        }

        /** The language of the pattern, or null (the default). */
        public Builder patternType(String patternType) {
            this.patternType = patternType;
            return this;
        }

        /** From when the indicator is valid, or null (the default). */
        public Builder validFrom(Instant validFrom) {
            this.validFrom = validFrom;
            return this;
        }

        /** Until when the indicator is valid, or null (the default). */
        public Builder validUntil(Instant validUntil) {
            this.validUntil = validUntil;
            return this;
        }

        /** Labels describing the object. Replaces any set before. */
        public Builder labels(Collection<String> labels) {
            this.labels = labels == null ? null : new ArrayList<>(labels);
            return this;
        }

        /** Labels describing the object. Replaces any set before. */
        public Builder labels(String... labels) {
            return labels(labels == null ? null : Arrays.asList(labels));
        }

        /** References to outside sources. Replaces any set before. */
        public Builder externalReferences(Collection<String> externalReferences) {
            this.externalReferences = externalReferences == null ? null : new ArrayList<>(externalReferences);
            return this;
        }

        /** References to outside sources. Replaces any set before. */
        public Builder externalReferences(String... externalReferences) {
            return externalReferences(externalReferences == null ? null : Arrays.asList(externalReferences));
        }

        /** The ids of related objects. Replaces any set before. */
        public Builder relatedIds(Collection<String> relatedIds) {
            this.relatedIds = relatedIds == null ? null : new ArrayList<>(relatedIds);
            return this;
        }

        /** The ids of related objects. Replaces any set before. */
        public Builder relatedIds(String... relatedIds) {
            return relatedIds(relatedIds == null ? null : Arrays.asList(relatedIds));
        }

        /** When the object was created, or null (the default). */
        public Builder created(Instant created) {
            this.created = created;
            return this;
        }

        /** When the object was last modified, or null (the default). */
        public Builder modified(Instant modified) {
            this.modified = modified;
            return this;
        }

        /**
         * The markings of some fields only; none by default. Replaces any set before.
         *
         * @since 1.1
         */
        public Builder granularMarkings(Collection<GranularMarking> granularMarkings) {
            this.granularMarkings = granularMarkings == null ? null : new ArrayList<>(granularMarkings);
            return this;
        }

        /**
         * The markings of some fields only. Replaces any set before.
         *
         * @since 1.1
         */
        public Builder granularMarkings(GranularMarking... granularMarkings) {
            return granularMarkings(granularMarkings == null ? null : Arrays.asList(granularMarkings));
        }

        /**
         * Builds the record.
         *
         * @throws IllegalArgumentException naming the record and the field that is missing or breaks a rule of the
         *                                  {@link ThreatIndicator class description}
         */
        public ThreatIndicator build() {
            return new ThreatIndicator(this);
        }
    }
}
