package org.liaison.api.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The days on which an {@link Agreement} applies: from a first day, and either open-ended or up to and including a
 * last day. Days are calendar dates without a time zone; the core reads "today" in UTC.
 *
 * <p>Instances are immutable and valid: {@link #until()}, when present, is not before {@link #from()}.
 */
public final class ValidityWindow {

    private final LocalDate from;
    private final LocalDate until;

    private ValidityWindow(Builder builder) {
        Checks checks = Checks.of("ValidityWindow");
        this.from = checks.required("from", builder.from);
        this.until = builder.until;
        if (until != null && until.isBefore(from)) {
            throw checks.invalid("until", "must not be before from (" + from + ")", until);
        }
    }

    /**
     * A window from {@code from} up to and including {@code until}, or open-ended when {@code until} is null.
     *
     * @throws IllegalArgumentException when {@code from} is missing or {@code until} is before it
     */
    public static ValidityWindow of(LocalDate from, LocalDate until) {
        return builder().from(from).until(until).build();
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this window, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().from(from).until(until);
    }

    /** The first day of the window, included. */
    public LocalDate from() {
        return from;
    }

    /** The last day of the window, included; empty when the window is open-ended. */
    public Optional<LocalDate> until() {
        return Optional.ofNullable(until);
    }

    /**
     * Whether {@code day} lies within the window, both ends included.
     *
     * @throws NullPointerException when {@code day} is null
     */
    public boolean contains(LocalDate day) {
        Objects.requireNonNull(day, "day");
        return !day.isBefore(from) && (until == null || !day.isAfter(until));
    }

    /** Two windows are equal when they have the same first and last days. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ValidityWindow other && from.equals(other.from) && Objects.equals(until, other.until);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, until);
    }

    /** The window as an ISO 8601 interval: {@code 2009-10-13/2019-12-31}, or {@code 2009-10-13/..} if open-ended. */
    @Override
    public String toString() {
        return from + "/" + (until == null ? ".." : until.toString());
    }

    /** Builds a {@link ValidityWindow}; {@link #build()} validates. */
    public static final class Builder {

        private LocalDate from;
        private LocalDate until;

        private Builder() {
        }

        /** The first day of the window, included; required. */
        public Builder from(LocalDate from) {
            this.from = from;
            return this;
        }

        /** The last day of the window, included; null (the default) for an open-ended window. */
        public Builder until(LocalDate until) {
            this.until = until;
            return this;
        }

        /**
         * Builds the window.
         *
         * @throws IllegalArgumentException when {@code from} is missing or {@code until} is before it
         */
        public ValidityWindow build() {
            return new ValidityWindow(this);
        }
    }
}
