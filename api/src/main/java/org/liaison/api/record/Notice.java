package org.liaison.api.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.liaison.api.model.HandlingMarking;

/**
 * An INTERPOL notice or diffusion about a person: a red notice for a wanted person, a yellow notice for a missing
 * one, an INTERPOL–UN Security Council special notice and so on. The record id is INTERPOL's notice id, such as
 * {@code 2021/81307}.
 *
 * <p>Instances are immutable and valid: {@code id} is not blank and at most 512 characters long; {@code kind} and
 * {@code subject} are set; requesting countries are ISO 3166-1 alpha-2 codes in upper case; {@code url}, when set,
 * is not blank and contains no whitespace.
 */
public final class Notice implements DataRecord {

    private final String id;
    private final HandlingMarking marking;
    private final NoticeKind kind;
    private final Person subject;
    private final List<Charge> charges;
    private final Set<String> requestingCountries;
    private final PartialDate publishedOn;
    private final String url;

    private Notice(Builder builder) {
        Checks checks = Checks.of("Notice", builder.id);
        this.id = checks.recordId(builder.id);
        this.marking = builder.marking;
        this.kind = checks.required("kind", builder.kind);
        this.subject = checks.required("subject", builder.subject);
        this.charges = checks.list("charges", builder.charges);
        this.requestingCountries = checks.countries("requestingCountries", builder.requestingCountries);
        this.publishedOn = builder.publishedOn;
        this.url = builder.url;
        if (url != null && (url.isEmpty() || url.chars().anyMatch(Character::isWhitespace))) {
            throw checks.invalid("url", "must be a URL without whitespace", url);
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
        builder.kind = kind;
        builder.subject = subject;
        builder.charges = charges;
        builder.requestingCountries = requestingCountries;
        builder.publishedOn = publishedOn;
        builder.url = url;
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

    /** Always {@link RecordType#NOTICE}. */
    @Override
    public RecordType type() {
        return RecordType.NOTICE;
    }

    /** The kind of notice. */
    public NoticeKind kind() {
        return kind;
    }

    /** The person the notice is about. */
    public Person subject() {
        return subject;
    }

    /** The charges the subject is wanted for (red notices), in the source's order; possibly empty. */
    public List<Charge> charges() {
        return charges;
    }

    /** The countries that requested the notice, as ISO 3166-1 alpha-2 codes; possibly empty. */
    public Set<String> requestingCountries() {
        return requestingCountries;
    }

    /** When the notice was published. */
    public Optional<PartialDate> publishedOn() {
        return Optional.ofNullable(publishedOn);
    }

    /** Where the notice can be seen, for public notices. */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /** Two notices are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Notice other && Objects.equals(id, other.id) && Objects.equals(marking, other.marking)
                && Objects.equals(kind, other.kind) && Objects.equals(subject, other.subject)
                && Objects.equals(charges, other.charges)
                && Objects.equals(requestingCountries, other.requestingCountries)
                && Objects.equals(publishedOn, other.publishedOn) && Objects.equals(url, other.url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, marking, kind, subject, charges, requestingCountries, publishedOn, url);
    }

    /** The id, kind and subject, for example {@code Notice[2021/81307 red: John Smith]}. */
    @Override
    public String toString() {
        return "Notice[" + id + " " + kind + ": " + subject.name() + "]";
    }

    /**
     * Builds a {@link Notice}; {@link #build()} validates. Collections are copied when set; a collection left unset
     * (or set to null) is empty.
     */
    public static final class Builder {

        private String id;
        private HandlingMarking marking;
        private NoticeKind kind;
        private Person subject;
        private List<Charge> charges;
        private Set<String> requestingCountries;
        private PartialDate publishedOn;
        private String url;

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

        /** The kind of notice; required. */
        public Builder kind(NoticeKind kind) {
            this.kind = kind;
            return this;
        }

        /** The person the notice is about; required. */
        public Builder subject(Person subject) {
            this.subject = subject;
            return this;
        }

        /** The charges. Replaces any set before. */
        public Builder charges(Collection<Charge> charges) {
            this.charges = charges == null ? null : new ArrayList<>(charges);
            return this;
        }

        /** The charges. Replaces any set before. */
        public Builder charges(Charge... charges) {
            return charges(charges == null ? null : Arrays.asList(charges));
        }

        /** The requesting countries (ISO 3166-1 alpha-2). Replaces any set before. */
        public Builder requestingCountries(Collection<String> requestingCountries) {
            this.requestingCountries = requestingCountries == null ? null : new LinkedHashSet<>(requestingCountries);
            return this;
        }

        /** The requesting countries (ISO 3166-1 alpha-2). Replaces any set before. */
        public Builder requestingCountries(String... requestingCountries) {
            return requestingCountries(requestingCountries == null ? null : Arrays.asList(requestingCountries));
        }

        /** When the notice was published, or null (the default). */
        public Builder publishedOn(PartialDate publishedOn) {
            this.publishedOn = publishedOn;
            return this;
        }

        /** Where the notice can be seen, without whitespace, or null (the default). */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * Builds the record.
         *
         * @throws IllegalArgumentException naming the record and the field that is missing or breaks a rule of the
         *                                  {@link Notice class description}
         */
        public Notice build() {
            return new Notice(this);
        }
    }
}
