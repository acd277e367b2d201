package org.liaison.api.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.liaison.api.model.HandlingMarking;

/**
 * Who owns or controls whom: the relation between an entity and an interested party, with the interests the party
 * holds, after the Beneficial Ownership Data Standard. Both ends are named by the ids of records exchanged
 * alongside (a {@link Person} or an {@link Organisation}).
 *
 * <p>When the owner is not known the relation says why instead, in
 * {@link #interestedPartyUnspecifiedReason()}.
 *
 * <p>Instances are immutable and valid: {@code id} is not blank and at most 512 characters long; {@code subjectId}
 * is not blank; exactly one of {@code interestedPartyId} and {@code interestedPartyUnspecifiedReason} is set, and it
 * is not blank.
 */
public final class OwnershipRelation implements DataRecord {

    private final String id;
    private final HandlingMarking marking;
    private final String subjectId;
    private final String interestedPartyId;
    private final String interestedPartyUnspecifiedReason;
    private final List<Interest> interests;
    private final PartialDate statementDate;
    private final boolean closed;

    private OwnershipRelation(Builder builder) {
        Checks checks = Checks.of("OwnershipRelation", builder.id);
        this.id = checks.recordId(builder.id);
        this.marking = builder.marking;
        this.subjectId = checks.text("subjectId", builder.subjectId);
        this.interestedPartyId = checks.optionalText("interestedPartyId", builder.interestedPartyId);
        this.interestedPartyUnspecifiedReason =
                checks.optionalText("interestedPartyUnspecifiedReason", builder.interestedPartyUnspecifiedReason);
        this.interests = checks.list("interests", builder.interests);
        this.statementDate = builder.statementDate;
        if ((interestedPartyId == null) == (interestedPartyUnspecifiedReason == null)) {
            throw interestedPartyId == null
                    ? checks.invalid("one of the fields 'interestedPartyId' and 'interestedPartyUnspecifiedReason' "
                            + "is required, but neither was set")
                    : checks.invalid("interestedPartyUnspecifiedReason",
                            "must not be set together with interestedPartyId '" + interestedPartyId + "'",
                            interestedPartyUnspecifiedReason);
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
        builder.subjectId = subjectId;
        builder.interestedPartyId = interestedPartyId;
        builder.interestedPartyUnspecifiedReason = interestedPartyUnspecifiedReason;
        builder.interests = interests;
        builder.statementDate = statementDate;
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

    /** Always {@link RecordType#OWNERSHIP_RELATION}. */
    @Override
    public RecordType type() {
        return RecordType.OWNERSHIP_RELATION;
    }

    /** The id of the record of the entity owned or controlled, usually an {@link Organisation}. */
    public String subjectId() {
        return subjectId;
    }

    /**
     * The id of the record of the owner or controller, a {@link Person} or an {@link Organisation}; empty exactly when
     * {@link #interestedPartyUnspecifiedReason()} is present.
     */
    public Optional<String> interestedPartyId() {
        return Optional.ofNullable(interestedPartyId);
    }

    /**
     * Why the owner or controller is not known, such as {@code no-beneficial-owners} or {@code
     * subject-exempt-from-disclosure}; present exactly when {@link #interestedPartyId()} is empty.
     */
    public Optional<String> interestedPartyUnspecifiedReason() {
        return Optional.ofNullable(interestedPartyUnspecifiedReason);
    }

    /** The interests the party holds in the subject, in the source's order; possibly empty. */
    public List<Interest> interests() {
        return interests;
    }

    /** The date of the statement the relation comes from. */
    public Optional<PartialDate> statementDate() {
        return Optional.ofNullable(statementDate);
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

    /** Two ownership relations are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OwnershipRelation other && Objects.equals(id, other.id)
                && Objects.equals(marking, other.marking) && Objects.equals(subjectId, other.subjectId)
                && Objects.equals(interestedPartyId, other.interestedPartyId)
                && Objects.equals(interestedPartyUnspecifiedReason, other.interestedPartyUnspecifiedReason)
                && Objects.equals(interests, other.interests) && Objects.equals(statementDate, other.statementDate)
                && closed == other.closed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, marking, subjectId, interestedPartyId, interestedPartyUnspecifiedReason, interests,
                statementDate, closed);
    }

    /** Who holds what in whom, for example {@code OwnershipRelation[R-1: P-7 holds [shareholding 25-50%] in C-3]}. */
    @Override
    public String toString() {
        String party = interestedPartyId != null ? interestedPartyId
                : "unspecified (" + interestedPartyUnspecifiedReason + ")";
        return "OwnershipRelation[" + id + ": " + party + " holds " + interests + " in " + subjectId + "]";
    }

    /**
     * Builds an {@link OwnershipRelation}; {@link #build()} validates. Collections are copied when set; a collection
     * left unset (or set to null) is empty.
     */
    public static final class Builder {

        private String id;
        private HandlingMarking marking;
        private String subjectId;
        private String interestedPartyId;
        private String interestedPartyUnspecifiedReason;
        private List<Interest> interests;
        private PartialDate statementDate;
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

        /** The id of the entity owned or controlled; required, not blank. */
        public Builder subjectId(String subjectId) {
            this.subjectId = subjectId;
            return this;
        }

        /** The id of the owner or controller; set this or the unspecified reason, not both. */
        public Builder interestedPartyId(String interestedPartyId) {
            this.interestedPartyId = interestedPartyId;
            return this;
        }

        /** Why the owner or controller is not known; set this or the interested party, not both. */
        public Builder interestedPartyUnspecifiedReason(String interestedPartyUnspecifiedReason) {
            this.interestedPartyUnspecifiedReason = interestedPartyUnspecifiedReason;
            return this;
        }

        /** The interests held. Replaces any set before. */
        public Builder interests(Collection<Interest> interests) {
            this.interests = interests == null ? null : new ArrayList<>(interests);
            return this;
        }

        /** The interests held. Replaces any set before. */
        public Builder interests(Interest... interests) {
            return interests(interests == null ? null : Arrays.asList(interests));
        }

        /** The date of the statement, or null (the default). */
        public Builder statementDate(PartialDate statementDate) {
            this.statementDate = statementDate;
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
         *                                  {@link OwnershipRelation class description}
         */
        public OwnershipRelation build() {
            return new OwnershipRelation(this);
        }
    }
}
