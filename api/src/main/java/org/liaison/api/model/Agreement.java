package org.liaison.api.model;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.liaison.api.record.RecordType;

/**
 * The terms under which partners exchange information: who the parties are, which {@link CooperationArea areas},
 * purposes and record types it covers, when and where it applies, and how the information must be handled.
 *
 * <p>Liaison allows an {@link Exchange} only when an agreement that is {@link #inForceOn(LocalDate) in force} on
 * the day binds its sender and every recipient, covers its area and purpose, and its marking is not above the
 * agreement's {@link #handlingCeiling() handling ceiling}. Records of types the agreement does not cover are
 * withheld, and fields it {@link #excludedFields() excludes} are removed before delivery.
 *
 * <p>Empty sets have a defined meaning, given with each accessor: empty {@link #purposes()} means any purpose
 * within the areas, empty {@link #recordTypes()} means all record types, empty {@link #geographicScope()} means no
 * geographic limit. An empty set never means "nothing".
 *
 * <p>A {@link AgreementKind#SUPPLEMENTARY_AGREEMENT supplementary agreement} names its {@link #parent() parent}
 * and may name no parties, in which case it binds the parent's parties.
 *
 * <p>Instances are immutable and valid; {@link Builder#build()} checks that:
 * <ul>
 * <li>{@code id}, {@code parent}, {@code project}, every party and every purpose are slugs matching
 * {@code [a-z0-9][a-z0-9._-]*};</li>
 * <li>{@code title} is not blank, and {@code source} is not blank when set;</li>
 * <li>{@code kind}, {@code validity}, {@code status} and {@code handlingCeiling} are set;</li>
 * <li>there are at least two parties, except that a supplementary agreement may have none;</li>
 * <li>{@code parent} is set if and only if the kind is {@link AgreementKind#SUPPLEMENTARY_AGREEMENT}, and is not
 * the agreement's own id;</li>
 * <li>there is at least one area;</li>
 * <li>every excluded field has the form {@code <record-type-id>.<field>[.<field>...]}, such as
 * {@code person.distinguishingMarks} or {@code notice.subject.documents}, where the record type id is a
 * {@link RecordType#id() known one} and each field name is a Java-style identifier;</li>
 * <li>every country of the geographic scope is an ISO 3166-1 alpha-2 code in upper case.</li>
 * </ul>
 * Sets iterate in a fixed order (alphabetical, or declaration order for enums), so that equal agreements look the
 * same wherever they are written out.
 */
public final class Agreement {

    private static final Pattern EXCLUDED_FIELD =
            Pattern.compile("([a-z0-9-]+)\\.([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)");

    private final String id;
    private final String title;
    private final AgreementKind kind;
    private final Set<String> parties;
    private final String parent;
    private final Set<CooperationArea> areas;
    private final Set<String> purposes;
    private final Set<RecordType> recordTypes;
    private final Set<String> excludedFields;
    private final Set<String> geographicScope;
    private final ValidityWindow validity;
    private final AgreementStatus status;
    private final Tlp handlingCeiling;
    private final OnwardTransfer onwardTransfer;
    private final String project;
    private final String source;

    private Agreement(Builder builder) {
        Checks checks = Checks.of("Agreement", builder.id);
        this.id = checks.slug("id", builder.id);
        this.title = checks.text("title", builder.title);
        this.kind = checks.required("kind", builder.kind);
        boolean supplementary = kind == AgreementKind.SUPPLEMENTARY_AGREEMENT;
        this.parties = checks.slugs("parties", builder.parties);
        if (parties.size() < 2 && !(supplementary && parties.isEmpty())) {
            throw checks.invalid("parties", supplementary
                    ? "must name at least two partners, or none to inherit the parent's parties"
                    : "must name at least two partners", parties);
        }
        this.parent = checks.optionalSlug("parent", builder.parent);
        if (supplementary && parent == null) {
            throw checks.invalid("parent", "is required for a " + kind + " and must name the agreement it supplements",
                    null);
        }
        if (!supplementary && parent != null) {
            throw checks.invalid("parent", "is only allowed for a " + AgreementKind.SUPPLEMENTARY_AGREEMENT
                    + ", not for a " + kind, parent);
        }
        if (id.equals(parent)) {
            throw checks.invalid("parent", "must name another agreement, not the agreement itself", parent);
        }
        this.areas = checks.set("areas", builder.areas);
        if (areas.isEmpty()) {
            throw checks.invalid("areas", "must name at least one cooperation area, among "
                    + Arrays.stream(CooperationArea.values()).map(CooperationArea::id).toList(), areas);
        }
        this.purposes = checks.slugs("purposes", builder.purposes);
        this.recordTypes = checks.set("recordTypes", builder.recordTypes);
        this.excludedFields = checks.set("excludedFields", builder.excludedFields);
        for (String field : excludedFields) {
            checkExcludedField(checks, field);
        }
        this.geographicScope = checks.countries("geographicScope", builder.geographicScope);
        this.validity = checks.required("validity", builder.validity);
        this.status = checks.required("status", builder.status);
        this.handlingCeiling = checks.required("handlingCeiling", builder.handlingCeiling);
        this.onwardTransfer = builder.onwardTransfer == null ? OnwardTransfer.PROHIBITED : builder.onwardTransfer;
        this.project = checks.optionalSlug("project", builder.project);
        this.source = checks.optionalText("source", builder.source);
    }

    private static void checkExcludedField(Checks checks, String field) {
        Matcher matcher = EXCLUDED_FIELD.matcher(field);
        String expected = "must contain only fields written <record-type-id>.<field>, such as "
                + "person.distinguishingMarks, with a record type id among "
                + Arrays.stream(RecordType.values()).map(RecordType::id).toList();
        if (!matcher.matches()) {
            throw checks.invalid("excludedFields", expected, field);
        }
        try {
            RecordType.fromId(matcher.group(1));
        } catch (IllegalArgumentException unknown) {
            throw checks.invalid("excludedFields", expected, field);
        }
    }

    /** A new builder with nothing set, and onward transfer {@link OnwardTransfer#PROHIBITED}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this agreement, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id;
        builder.title = title;
        builder.kind = kind;
        builder.parties = parties;
        builder.parent = parent;
        builder.areas = areas;
        builder.purposes = purposes;
        builder.recordTypes = recordTypes;
        builder.excludedFields = excludedFields;
        builder.geographicScope = geographicScope;
        builder.validity = validity;
        builder.status = status;
        builder.handlingCeiling = handlingCeiling;
        builder.onwardTransfer = onwardTransfer;
        builder.project = project;
        builder.source = source;
        return builder;
    }

    /** The agreement's stable id, such as {@code un-interpol-2009}. */
    public String id() {
        return id;
    }

    /** The agreement's title for people. */
    public String title() {
        return title;
    }

    /** The legal form of the agreement. */
    public AgreementKind kind() {
        return kind;
    }

    /**
     * The ids of the partners the agreement binds: at least two, or none for a supplementary agreement that binds
     * the parties of its parent. Unmodifiable.
     */
    public Set<String> parties() {
        return parties;
    }

    /** The id of the agreement this one supplements; present exactly for supplementary agreements. */
    public Optional<String> parent() {
        return Optional.ofNullable(parent);
    }

    /** The areas of cooperation the agreement covers; at least one. Unmodifiable. */
    public Set<CooperationArea> areas() {
        return areas;
    }

    /**
     * The purposes information may be exchanged for, such as {@code peacekeeping-operations}; empty means any
     * purpose within the {@link #areas() areas}. Unmodifiable.
     */
    public Set<String> purposes() {
        return purposes;
    }

    /** The record types that may be exchanged; empty means all types. Unmodifiable. */
    public Set<RecordType> recordTypes() {
        return recordTypes;
    }

    /**
     * Fields that must never be exchanged under this agreement, each written
     * {@code <record-type-id>.<field>[.<field>...]} such as {@code person.distinguishingMarks}; they are removed
     * from records before delivery. Possibly empty, unmodifiable.
     */
    public Set<String> excludedFields() {
        return excludedFields;
    }

    /**
     * The countries the agreement applies to, as ISO 3166-1 alpha-2 codes, such as the host countries of a
     * peacekeeping mission; empty means no geographic limit. Unmodifiable.
     */
    public Set<String> geographicScope() {
        return geographicScope;
    }

    /** The days on which the agreement applies, if it is in force. */
    public ValidityWindow validity() {
        return validity;
    }

    /** Where the agreement stands: signed, in force, suspended or terminated. */
    public AgreementStatus status() {
        return status;
    }

    /** The most restrictive TLP label that information exchanged under this agreement may carry. */
    public Tlp handlingCeiling() {
        return handlingCeiling;
    }

    /** Whether recipients may pass the information on to third partners; {@code PROHIBITED} unless set otherwise. */
    public OnwardTransfer onwardTransfer() {
        return onwardTransfer;
    }

    /** The id of the {@link Project} the agreement belongs to, typically for a project charter. */
    public Optional<String> project() {
        return Optional.ofNullable(project);
    }

    /** Where the agreement's terms come from, for people: a treaty series reference, a document symbol, a URL. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /**
     * Whether the agreement allows exchanges on {@code day}: its status is {@link AgreementStatus#IN_FORCE} and its
     * {@link #validity() validity window} contains the day.
     *
     * @throws NullPointerException when {@code day} is null
     */
    public boolean inForceOn(LocalDate day) {
        Objects.requireNonNull(day, "day");
        return status == AgreementStatus.IN_FORCE && validity.contains(day);
    }

    /** Two agreements are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Agreement other && id.equals(other.id) && title.equals(other.title)
                && kind == other.kind && parties.equals(other.parties) && Objects.equals(parent, other.parent)
                && areas.equals(other.areas) && purposes.equals(other.purposes)
                && recordTypes.equals(other.recordTypes) && excludedFields.equals(other.excludedFields)
                && geographicScope.equals(other.geographicScope) && validity.equals(other.validity)
                && status == other.status && handlingCeiling == other.handlingCeiling
                && onwardTransfer == other.onwardTransfer && Objects.equals(project, other.project)
                && Objects.equals(source, other.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, title, kind, parties, parent, areas, purposes, recordTypes, excludedFields,
                geographicScope, validity, status, handlingCeiling, onwardTransfer, project, source);
    }

    /**
     * A short description: id, kind, parent, status, validity and parties, for example
     * {@code Agreement[un-interpol-2009 supplementary-agreement of un-interpol-1997, in-force 2009-10-13/..,
     * parties []]}.
     */
    @Override
    public String toString() {
        return "Agreement[" + id + " " + kind + (parent == null ? "" : " of " + parent) + ", " + status + " "
                + validity + ", parties " + parties + "]";
    }

    /**
     * Builds an {@link Agreement}; {@link #build()} validates. Collections are copied when set; a collection left
     * unset (or set to null) is empty.
     */
    public static final class Builder {

        private String id;
        private String title;
        private AgreementKind kind;
        private Set<String> parties;
        private String parent;
        private Set<CooperationArea> areas;
        private Set<String> purposes;
        private Set<RecordType> recordTypes;
        private Set<String> excludedFields;
        private Set<String> geographicScope;
        private ValidityWindow validity;
        private AgreementStatus status;
        private Tlp handlingCeiling;
        private OnwardTransfer onwardTransfer = OnwardTransfer.PROHIBITED;
        private String project;
        private String source;

        private Builder() {
        }

        private static <T> Set<T> copy(Collection<? extends T> values) {
            return values == null ? null : new LinkedHashSet<>(values);
        }

        /** The agreement's stable id, a slug; required. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The agreement's title; required, not blank. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** The legal form of the agreement; required. */
        public Builder kind(AgreementKind kind) {
            this.kind = kind;
            return this;
        }

        /** The ids of the partners the agreement binds, replacing any set before. */
        public Builder parties(Collection<String> parties) {
            this.parties = copy(parties);
            return this;
        }

        /** The ids of the partners the agreement binds, replacing any set before. */
        public Builder parties(String... parties) {
            return parties(parties == null ? null : Arrays.asList(parties));
        }

        /** The id of the agreement this one supplements; required for, and only for, supplementary agreements. */
        public Builder parent(String parent) {
            this.parent = parent;
            return this;
        }

        /** The areas of cooperation covered, replacing any set before; at least one is required. */
        public Builder areas(Collection<CooperationArea> areas) {
            this.areas = copy(areas);
            return this;
        }

        /** The areas of cooperation covered, replacing any set before; at least one is required. */
        public Builder areas(CooperationArea... areas) {
            return areas(areas == null ? null : Arrays.asList(areas));
        }

        /** The purposes covered, replacing any set before; none means any purpose within the areas. */
        public Builder purposes(Collection<String> purposes) {
            this.purposes = copy(purposes);
            return this;
        }

        /** The purposes covered, replacing any set before; none means any purpose within the areas. */
        public Builder purposes(String... purposes) {
            return purposes(purposes == null ? null : Arrays.asList(purposes));
        }

        /** The record types covered, replacing any set before; none means all types. */
        public Builder recordTypes(Collection<RecordType> recordTypes) {
            this.recordTypes = copy(recordTypes);
            return this;
        }

        /** The record types covered, replacing any set before; none means all types. */
        public Builder recordTypes(RecordType... recordTypes) {
            return recordTypes(recordTypes == null ? null : Arrays.asList(recordTypes));
        }

        /** The fields never to exchange, such as {@code person.distinguishingMarks}, replacing any set before. */
        public Builder excludedFields(Collection<String> excludedFields) {
            this.excludedFields = copy(excludedFields);
            return this;
        }

        /** The fields never to exchange, such as {@code person.distinguishingMarks}, replacing any set before. */
        public Builder excludedFields(String... excludedFields) {
            return excludedFields(excludedFields == null ? null : Arrays.asList(excludedFields));
        }

        /** The countries (ISO 3166-1 alpha-2) the agreement applies to, replacing any set before; none means all. */
        public Builder geographicScope(Collection<String> geographicScope) {
            this.geographicScope = copy(geographicScope);
            return this;
        }

        /** The countries (ISO 3166-1 alpha-2) the agreement applies to, replacing any set before; none means all. */
        public Builder geographicScope(String... geographicScope) {
            return geographicScope(geographicScope == null ? null : Arrays.asList(geographicScope));
        }

        /** The days on which the agreement applies; required. */
        public Builder validity(ValidityWindow validity) {
            this.validity = validity;
            return this;
        }

        /** Where the agreement stands; required. */
        public Builder status(AgreementStatus status) {
            this.status = status;
            return this;
        }

        /** The most restrictive TLP label allowed; required. */
        public Builder handlingCeiling(Tlp handlingCeiling) {
            this.handlingCeiling = handlingCeiling;
            return this;
        }

        /** Whether recipients may pass information on; null means {@link OnwardTransfer#PROHIBITED}, the default. */
        public Builder onwardTransfer(OnwardTransfer onwardTransfer) {
            this.onwardTransfer = onwardTransfer;
            return this;
        }

        /** The id of the project the agreement belongs to, or null (the default) for none. */
        public Builder project(String project) {
            this.project = project;
            return this;
        }

        /** Where the agreement's terms come from, or null (the default). */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /**
         * Builds the agreement.
         *
         * @throws IllegalArgumentException naming the agreement and the field that is missing or breaks a rule
         *                                  listed in the {@link Agreement class description}
         */
        public Agreement build() {
            return new Agreement(this);
        }
    }
}
