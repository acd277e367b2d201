package org.liaison.api.record;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One interest that an interested party holds in an entity, within an {@link OwnershipRelation}: a shareholding,
 * voting rights, the right to appoint the board and so on, after the Beneficial Ownership Data Standard.
 *
 * <p>Shares are percentages from 0 to 100; sources give either an exact share, or a range (such as "more than 25%
 * and at most 50%"), or both.
 *
 * <p>Instances are immutable and valid: {@code type} is not blank; {@code directOrIndirect}, when set, is one of
 * {@code direct}, {@code indirect} and {@code unknown}; shares are from 0 to 100, {@code shareMax} is not below
 * {@code shareMin}, and {@code shareExact} lies within them when they are set; {@code endDate} cannot be before
 * {@code startDate}.
 */
public final class Interest {

    private static final List<String> DIRECTNESS = List.of("direct", "indirect", "unknown");

    private final String type;
    private final String directOrIndirect;
    private final BigDecimal shareMin;
    private final BigDecimal shareMax;
    private final BigDecimal shareExact;
    private final PartialDate startDate;
    private final PartialDate endDate;
    private final Boolean beneficialOwnershipOrControl;
    private final String details;

    private Interest(Builder builder) {
        Checks checks = Checks.of("Interest");
        this.type = checks.text("type", builder.type);
        this.directOrIndirect = checks.optionalOneOf("directOrIndirect", builder.directOrIndirect, DIRECTNESS);
        this.shareMin = checks.optionalPercentage("shareMin", builder.shareMin);
        this.shareMax = checks.optionalPercentage("shareMax", builder.shareMax);
        this.shareExact = checks.optionalPercentage("shareExact", builder.shareExact);
        this.startDate = builder.startDate;
        this.endDate = builder.endDate;
        this.beneficialOwnershipOrControl = builder.beneficialOwnershipOrControl;
        if (shareMin != null && shareMax != null && shareMax.compareTo(shareMin) < 0) {
            throw checks.invalid("shareMax", "must not be below shareMin (" + shareMin + ")", shareMax);
        }
        if (shareExact != null && ((shareMin != null && shareExact.compareTo(shareMin) < 0)
                || (shareMax != null && shareExact.compareTo(shareMax) > 0))) {
            throw checks.invalid("shareExact",
                    "must lie within shareMin and shareMax (" + shareMin + " to " + shareMax + ")", shareExact);
        }
        if (startDate != null && endDate != null && endDate.latestDay().isBefore(startDate.earliestDay())) {
            throw checks.invalid("endDate", "must not be before startDate (" + startDate + ")", endDate);
        }
        this.details = checks.optionalText("details", builder.details);
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this value, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.type = type;
        builder.directOrIndirect = directOrIndirect;
        builder.shareMin = shareMin;
        builder.shareMax = shareMax;
        builder.shareExact = shareExact;
        builder.startDate = startDate;
        builder.endDate = endDate;
        builder.beneficialOwnershipOrControl = beneficialOwnershipOrControl;
        builder.details = details;
        return builder;
    }

    /** The kind of interest, such as {@code shareholding}, {@code voting-rights} or {@code appointment-of-board}. */
    public String type() {
        return type;
    }

    /**
     * Whether the interest is held directly or indirectly (through other entities): {@code direct}, {@code indirect}
     * or {@code unknown}.
     */
    public Optional<String> directOrIndirect() {
        return Optional.ofNullable(directOrIndirect);
    }

    /** The lower bound of the share, in percent, when the source gives a range. */
    public Optional<BigDecimal> shareMin() {
        return Optional.ofNullable(shareMin);
    }

    /** The upper bound of the share, in percent, when the source gives a range. */
    public Optional<BigDecimal> shareMax() {
        return Optional.ofNullable(shareMax);
    }

    /** The exact share, in percent, when the source gives it. */
    public Optional<BigDecimal> shareExact() {
        return Optional.ofNullable(shareExact);
    }

    /** When the interest began. */
    public Optional<PartialDate> startDate() {
        return Optional.ofNullable(startDate);
    }

    /** When the interest ended. */
    public Optional<PartialDate> endDate() {
        return Optional.ofNullable(endDate);
    }

    /** Whether the interest amounts to beneficial ownership or control; empty when the source does not say. */
    public Optional<Boolean> beneficialOwnershipOrControl() {
        return Optional.ofNullable(beneficialOwnershipOrControl);
    }

    /**
     * The source's free-text details of the interest (BODS {@code details}), such as the class of shares.
     *
     * @since 1.1
     */
    public Optional<String> details() {
        return Optional.ofNullable(details);
    }

    /** Two interests are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Interest other && Objects.equals(type, other.type)
                && Objects.equals(directOrIndirect, other.directOrIndirect)
                && Objects.equals(shareMin, other.shareMin) && Objects.equals(shareMax, other.shareMax)
                && Objects.equals(shareExact, other.shareExact) && Objects.equals(startDate, other.startDate)
                && Objects.equals(endDate, other.endDate)
                && Objects.equals(beneficialOwnershipOrControl, other.beneficialOwnershipOrControl)
                && Objects.equals(details, other.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, directOrIndirect, shareMin, shareMax, shareExact, startDate, endDate,
                beneficialOwnershipOrControl, details);
    }

    /** The type and the share, for example {@code shareholding 25-50%} or {@code voting-rights 100%}. */
    @Override
    public String toString() {
        String share = shareExact != null ? " " + shareExact.toPlainString() + "%"
                : shareMin != null || shareMax != null
                        ? " " + (shareMin == null ? "?" : shareMin.toPlainString()) + "-"
                                + (shareMax == null ? "?" : shareMax.toPlainString()) + "%"
                        : "";
        return type + share;
    }

    /** Builds an {@link Interest}; {@link #build()} validates. */
    public static final class Builder {

        private String type;
        private String directOrIndirect;
        private BigDecimal shareMin;
        private BigDecimal shareMax;
        private BigDecimal shareExact;
        private PartialDate startDate;
        private PartialDate endDate;
        private Boolean beneficialOwnershipOrControl;
        private String details;

        private Builder() {
        }

        /** The kind of interest; required, not blank. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** One of {@code direct}, {@code indirect} or {@code unknown}, or null (the default). */
        public Builder directOrIndirect(String directOrIndirect) {
            this.directOrIndirect = directOrIndirect;
            return this;
        }

        /** The lower bound of the share in percent, 0 to 100, or null (the default). */
        public Builder shareMin(BigDecimal shareMin) {
            this.shareMin = shareMin;
            return this;
        }

        /** The upper bound of the share in percent, 0 to 100, or null (the default). */
        public Builder shareMax(BigDecimal shareMax) {
            this.shareMax = shareMax;
            return this;
        }

        /** The exact share in percent, 0 to 100, or null (the default). */
        public Builder shareExact(BigDecimal shareExact) {
            this.shareExact = shareExact;
            return this;
        }

        /** When the interest began, or null (the default). */
        public Builder startDate(PartialDate startDate) {
            this.startDate = startDate;
            return this;
        }

        /** When the interest ended, or null (the default). */
        public Builder endDate(PartialDate endDate) {
            this.endDate = endDate;
            return this;
        }

        /** Whether the interest amounts to beneficial ownership or control, or null (the default) when not known. */
        public Builder beneficialOwnershipOrControl(Boolean beneficialOwnershipOrControl) {
            this.beneficialOwnershipOrControl = beneficialOwnershipOrControl;
            return this;
        }

        /**
         * Free-text details of the interest, or null (the default).
         *
         * @since 1.1
         */
        public Builder details(String details) {
            this.details = details;
            return this;
        }

        /**
         * Builds the value.
         *
         * @throws IllegalArgumentException naming the value and the field that is missing or breaks a rule of the
         *                                  {@link Interest class description}
         */
        public Interest build() {
            return new Interest(this);
        }
    }
}
