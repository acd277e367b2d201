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
 * An entry on a sanctions list, such as the UN Security Council Consolidated List: who is listed, on which list,
 * since when.
 *
 * <p>The record {@link #id() id} identifies the record for the partner; the list's own
 * {@link #referenceNumber() reference number} is kept apart (they are often equal).
 *
 * <p>Instances are immutable and valid: {@code id} is not blank and at most 512 characters long;
 * {@code referenceNumber} and {@code listType} are not blank; {@code subjectKind} is set; {@code person} is set if
 * and only if the subject is an {@link SubjectKind#INDIVIDUAL individual}, {@code organisation} if and only if it is
 * an {@link SubjectKind#ENTITY entity}.
 */
public final class SanctionListing implements DataRecord {

    private final String id;
    private final HandlingMarking marking;
    private final String referenceNumber;
    private final String listType;
    private final SubjectKind subjectKind;
    private final Person person;
    private final Organisation organisation;
    private final LocalDate listedOn;
    private final List<LocalDate> lastUpdated;
    private final String comments;

    private SanctionListing(Builder builder) {
        Checks checks = Checks.of("SanctionListing", builder.id);
        this.id = checks.recordId(builder.id);
        this.marking = builder.marking;
        this.referenceNumber = checks.text("referenceNumber", builder.referenceNumber);
        this.listType = checks.text("listType", builder.listType);
        this.subjectKind = checks.required("subjectKind", builder.subjectKind);
        this.person = builder.person;
        this.organisation = builder.organisation;
        this.listedOn = builder.listedOn;
        this.lastUpdated = checks.list("lastUpdated", builder.lastUpdated);
        this.comments = checks.optionalText("comments", builder.comments);
        if ((subjectKind == SubjectKind.INDIVIDUAL) != (person != null)) {
            throw subjectKind == SubjectKind.INDIVIDUAL
                    ? checks.invalid("person", "is required when subjectKind is " + subjectKind, null)
                    : checks.invalid("person", "is only allowed when subjectKind is " + SubjectKind.INDIVIDUAL
                            + ", not " + subjectKind, person);
        }
        if ((subjectKind == SubjectKind.ENTITY) != (organisation != null)) {
            throw subjectKind == SubjectKind.ENTITY
                    ? checks.invalid("organisation", "is required when subjectKind is " + subjectKind, null)
                    : checks.invalid("organisation", "is only allowed when subjectKind is " + SubjectKind.ENTITY
                            + ", not " + subjectKind, organisation);
        }
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
        builder.referenceNumber = referenceNumber;
        builder.listType = listType;
        builder.subjectKind = subjectKind;
        builder.person = person;
        builder.organisation = organisation;
        builder.listedOn = listedOn;
        builder.lastUpdated = lastUpdated;
        builder.comments = comments;
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

    /** Always {@link RecordType#SANCTION_LISTING}. */
    @Override
    public RecordType type() {
        return RecordType.SANCTION_LISTING;
    }

    /** The list's reference number for the entry, such as {@code QDi.001}. */
    public String referenceNumber() {
        return referenceNumber;
    }

    /** The list or sanctions regime, in the source's words, such as {@code Al-Qaida}. */
    public String listType() {
        return listType;
    }

    /** Whether the entry names an individual or an entity. */
    public SubjectKind subjectKind() {
        return subjectKind;
    }

    /** The listed individual; present exactly when the subject kind is {@link SubjectKind#INDIVIDUAL}. */
    public Optional<Person> person() {
        return Optional.ofNullable(person);
    }

    /** The listed entity; present exactly when the subject kind is {@link SubjectKind#ENTITY}. */
    public Optional<Organisation> organisation() {
        return Optional.ofNullable(organisation);
    }

    /** When the subject was first listed. */
    public Optional<LocalDate> listedOn() {
        return Optional.ofNullable(listedOn);
    }

    /** The days on which the entry was amended, in the source's order; possibly empty. */
    public List<LocalDate> lastUpdated() {
        return lastUpdated;
    }

    /** The list's narrative or comments on the entry. */
    public Optional<String> comments() {
        return Optional.ofNullable(comments);
    }

    /** Two sanction listings are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SanctionListing other && Objects.equals(id, other.id)
                && Objects.equals(marking, other.marking) && Objects.equals(referenceNumber, other.referenceNumber)
                && Objects.equals(listType, other.listType) && Objects.equals(subjectKind, other.subjectKind)
                && Objects.equals(person, other.person) && Objects.equals(organisation, other.organisation)
                && Objects.equals(listedOn, other.listedOn) && Objects.equals(lastUpdated, other.lastUpdated)
                && Objects.equals(comments, other.comments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, marking, referenceNumber, listType, subjectKind, person, organisation, listedOn,
                lastUpdated, comments);
    }

    /** The reference number, list and subject, for example {@code SanctionListing[QDi.001 Al-Qaida: John Smith]}. */
    @Override
    public String toString() {
        return "SanctionListing[" + referenceNumber + " " + listType + ": "
                + (person != null ? person.name().toString() : organisation.name()) + "]";
    }

    /**
     * Builds a {@link SanctionListing}; {@link #build()} validates. Collections are copied when set; a collection left
     * unset (or set to null) is empty.
     */
    public static final class Builder {

        private String id;
        private HandlingMarking marking;
        private String referenceNumber;
        private String listType;
        private SubjectKind subjectKind;
        private Person person;
        private Organisation organisation;
        private LocalDate listedOn;
        private List<LocalDate> lastUpdated;
        private String comments;

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

        /** The list's reference number; required, not blank. */
        public Builder referenceNumber(String referenceNumber) {
            this.referenceNumber = referenceNumber;
            return this;
        }

        /** The list or sanctions regime; required, not blank. */
        public Builder listType(String listType) {
            this.listType = listType;
            return this;
        }

        /** Whether the entry names an individual or an entity; required. */
        public Builder subjectKind(SubjectKind subjectKind) {
            this.subjectKind = subjectKind;
            return this;
        }

        /** The listed individual; required for, and only for, {@link SubjectKind#INDIVIDUAL}. */
        public Builder person(Person person) {
            this.person = person;
            return this;
        }

        /** The listed entity; required for, and only for, {@link SubjectKind#ENTITY}. */
        public Builder organisation(Organisation organisation) {
            this.organisation = organisation;
            return this;
        }

        /** When the subject was first listed, or null (the default). */
        public Builder listedOn(LocalDate listedOn) {
            this.listedOn = listedOn;
            return this;
        }

        /** The days on which the entry was amended. Replaces any set before. */
        public Builder lastUpdated(Collection<LocalDate> lastUpdated) {
            this.lastUpdated = lastUpdated == null ? null : new ArrayList<>(lastUpdated);
            return this;
        }

        /** The days on which the entry was amended. Replaces any set before. */
        public Builder lastUpdated(LocalDate... lastUpdated) {
            return lastUpdated(lastUpdated == null ? null : Arrays.asList(lastUpdated));
        }

        /** The list's comments, or null (the default). */
        public Builder comments(String comments) {
            this.comments = comments;
            return this;
        }

        /**
         * Builds the record.
         *
         * @throws IllegalArgumentException naming the record and the field that is missing or breaks a rule of the
         *                                  {@link SanctionListing class description}
         */
        public SanctionListing build() {
            return new SanctionListing(this);
        }
    }
}
