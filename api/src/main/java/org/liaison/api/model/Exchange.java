package org.liaison.api.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.liaison.api.record.DataRecord;

/**
 * The envelope of one exchange: who sends information to whom, under which {@link CooperationArea area} and for
 * which purpose, how it must be handled, and the {@link DataRecord records} it carries.
 *
 * <p>Liaison delivers an exchange only when an {@link Agreement} in force on the day binds the sender and every
 * recipient and covers the area, the purpose, the marking and each record's type (see {@link Agreement}). When the
 * sender passes on information it received from another partner, it names that partner as the
 * {@link #originator() originator}, and the exchange is also checked against the
 * {@link Agreement#onwardTransfer() onward transfer} rule of the agreement the originator sent it under.
 *
 * <p>Instances are immutable and valid; {@link Builder#build()} checks that:
 * <ul>
 * <li>{@code id} is not blank;</li>
 * <li>{@code sender}, {@code originator}, {@code project}, every recipient and the {@code purpose} are slugs
 * matching {@code [a-z0-9][a-z0-9._-]*};</li>
 * <li>there is at least one recipient, no recipient is named twice and the sender is not a recipient;</li>
 * <li>the originator, when set, is not the sender (leave it unset when the sender is the originator);</li>
 * <li>{@code area}, {@code marking} and {@code createdAt} are set, and no record is null.</li>
 * </ul>
 */
public final class Exchange {

    private final String id;
    private final String sender;
    private final String originator;
    private final List<String> recipients;
    private final CooperationArea area;
    private final String purpose;
    private final HandlingMarking marking;
    private final SourceEvaluation evaluation;
    private final String project;
    private final Instant createdAt;
    private final List<DataRecord> records;

    private Exchange(Builder builder) {
        Checks checks = Checks.of("Exchange", builder.id);
        this.id = checks.text("id", builder.id);
        this.sender = checks.slug("sender", builder.sender);
        this.originator = checks.optionalSlug("originator", builder.originator);
        if (sender.equals(originator)) {
            throw checks.invalid("originator", "must differ from the sender; leave it unset when the sender is "
                    + "the originator", originator);
        }
        this.recipients = checks.list("recipients", builder.recipients);
        if (recipients.isEmpty()) {
            throw checks.invalid("recipients", "must name at least one partner", recipients);
        }
        Set<String> seen = new HashSet<>();
        for (String recipient : recipients) {
            if (!Checks.SLUG.matcher(recipient).matches()) {
                throw checks.invalid("recipients", "must contain only slugs matching " + Checks.SLUG, recipient);
            }
            if (!seen.add(recipient)) {
                throw checks.invalid("recipients", "must not name a partner twice, but names '" + recipient
                        + "' twice", recipients);
            }
        }
        if (seen.contains(sender)) {
            throw checks.invalid("recipients", "must not include the sender '" + sender + "'", recipients);
        }
        this.area = checks.required("area", builder.area);
        this.purpose = checks.slug("purpose", builder.purpose);
        this.marking = checks.required("marking", builder.marking);
        this.evaluation = builder.evaluation;
        this.project = checks.optionalSlug("project", builder.project);
        this.createdAt = checks.required("createdAt", builder.createdAt);
        this.records = checks.list("records", builder.records);
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this exchange, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id;
        builder.sender = sender;
        builder.originator = originator;
        builder.recipients = recipients;
        builder.area = area;
        builder.purpose = purpose;
        builder.marking = marking;
        builder.evaluation = evaluation;
        builder.project = project;
        builder.createdAt = createdAt;
        builder.records = records;
        return builder;
    }

    /** The exchange's id, unique for its sender; not blank. */
    public String id() {
        return id;
    }

    /** The id of the partner sending the exchange. */
    public String sender() {
        return sender;
    }

    /**
     * The id of the partner the information first came from, when the sender passes on information it received;
     * empty when the sender is the originator.
     */
    public Optional<String> originator() {
        return Optional.ofNullable(originator);
    }

    /** The ids of the receiving partners, in the sender's order; at least one, distinct. Unmodifiable. */
    public List<String> recipients() {
        return recipients;
    }

    /** The area of cooperation the exchange is made under. */
    public CooperationArea area() {
        return area;
    }

    /** The purpose of the exchange, as a slug such as {@code peacekeeping-operations}. */
    public String purpose() {
        return purpose;
    }

    /** How the information must be handled; records without a marking of their own are handled under this one. */
    public HandlingMarking marking() {
        return marking;
    }

    /** How far the sender trusts the information, when it says. */
    public Optional<SourceEvaluation> evaluation() {
        return Optional.ofNullable(evaluation);
    }

    /** The id of the {@link Project} the exchange belongs to, if any. */
    public Optional<String> project() {
        return Optional.ofNullable(project);
    }

    /** When the sender created the exchange. */
    public Instant createdAt() {
        return createdAt;
    }

    /** The records carried, in the sender's order; possibly empty. Unmodifiable. */
    public List<DataRecord> records() {
        return records;
    }

    /** Two exchanges are equal when all their fields, records included, are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Exchange other && id.equals(other.id) && sender.equals(other.sender)
                && Objects.equals(originator, other.originator) && recipients.equals(other.recipients)
                && area == other.area && purpose.equals(other.purpose) && marking.equals(other.marking)
                && Objects.equals(evaluation, other.evaluation) && Objects.equals(project, other.project)
                && createdAt.equals(other.createdAt) && records.equals(other.records);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, sender, originator, recipients, area, purpose, marking, evaluation, project,
                createdAt, records);
    }

    /**
     * A short description without the records' content, for example
     * {@code Exchange[x-42 interpol -> [unpol], information-exchange/peacekeeping-operations, TLP:AMBER, 3 records]}.
     */
    @Override
    public String toString() {
        return "Exchange[" + id + " " + sender + (originator == null ? "" : " (from " + originator + ")") + " -> "
                + recipients + ", " + area + "/" + purpose + ", " + marking + ", " + records.size() + " records]";
    }

    /**
     * Builds an {@link Exchange}; {@link #build()} validates. Lists are copied when set; a list left unset (or set
     * to null) is empty.
     */
    public static final class Builder {

        private String id;
        private String sender;
        private String originator;
        private List<String> recipients;
        private CooperationArea area;
        private String purpose;
        private HandlingMarking marking;
        private SourceEvaluation evaluation;
        private String project;
        private Instant createdAt;
        private List<DataRecord> records;

        private Builder() {
        }

        /** The exchange's id; required, not blank. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The id of the sending partner; required. */
        public Builder sender(String sender) {
            this.sender = sender;
            return this;
        }

        /** The id of the partner the information first came from, or null (the default) if it is the sender. */
        public Builder originator(String originator) {
            this.originator = originator;
            return this;
        }

        /** The ids of the receiving partners, replacing any set before; at least one is required. */
        public Builder recipients(Collection<String> recipients) {
            this.recipients = recipients == null ? null : new ArrayList<>(recipients);
            return this;
        }

        /** The ids of the receiving partners, replacing any set before; at least one is required. */
        public Builder recipients(String... recipients) {
            return recipients(recipients == null ? null : Arrays.asList(recipients));
        }

        /** The area of cooperation; required. */
        public Builder area(CooperationArea area) {
            this.area = area;
            return this;
        }

        /** The purpose, a slug; required. */
        public Builder purpose(String purpose) {
            this.purpose = purpose;
            return this;
        }

        /** How the information must be handled; required. */
        public Builder marking(HandlingMarking marking) {
            this.marking = marking;
            return this;
        }

        /** How far the sender trusts the information, or null (the default) to say nothing. */
        public Builder evaluation(SourceEvaluation evaluation) {
            this.evaluation = evaluation;
            return this;
        }

        /** The id of the project the exchange belongs to, or null (the default). */
        public Builder project(String project) {
            this.project = project;
            return this;
        }

        /** When the sender created the exchange; required. */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** The records carried, replacing any set before. */
        public Builder records(Collection<? extends DataRecord> records) {
            this.records = records == null ? null : new ArrayList<>(records);
            return this;
        }

        /** The records carried, replacing any set before. */
        public Builder records(DataRecord... records) {
            return records(records == null ? null : Arrays.asList(records));
        }

        /**
         * Builds the exchange.
         *
         * @throws IllegalArgumentException naming the exchange and the field that is missing or breaks a rule listed
         *                                  in the {@link Exchange class description}
         */
        public Exchange build() {
            return new Exchange(this);
        }
    }
}
