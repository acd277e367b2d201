package org.liaison.api.record;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar date known to the year, the month or the day: INTERPOL gives dates of birth as {@code 1979/01/17} or
 * just {@code 1979}, UN sanctions lists often give a year only.
 *
 * <p>A partial date never invents what is not known: {@code 1979} is not 1 January 1979, and only a date known to
 * the day {@link #toLocalDate() converts} to a {@link LocalDate}.
 *
 * <p>Instances are immutable and valid: the year is 1 to 9999; a day is only known when the month is; month and
 * day form a real calendar date ({@code 1979-02-30} is rejected, {@code 1980-02-29} is accepted). The text form is
 * {@code 1979}, {@code 1979-01} or {@code 1979-01-17}, as written by {@link #toString()} and read by
 * {@link #parse(String)}.
 *
 * <p>A date may be {@linkplain #approximate() approximate}: the source says "about 1960" (the UN Consolidated List's
 * {@code TYPE_OF_DATE} {@code APPROXIMATELY}). Its text form then ends with {@code ~}, as in the Extended Date/Time
 * Format of ISO 8601-2: {@code 1960~}. An approximate date is not equal to the same date given as exact.
 *
 * @since 1.1 of the package: {@link #approximate()}
 */
public final class PartialDate {

    /** How much of a {@link PartialDate} is known. */
    public enum Precision {
        /** Only the year is known. */
        YEAR("year"),
        /** The year and the month are known. */
        MONTH("month"),
        /** The full date is known. */
        DAY("day");

        private final String id;

        Precision(String id) {
            this.id = id;
        }

        /** The stable lower-case name of this precision. */
        public String id() {
            return id;
        }

        /**
         * Returns the precision with the given {@link #id() id}.
         *
         * @throws IllegalArgumentException naming the unknown id and listing the known ones
         */
        public static Precision fromId(String id) {
            for (Precision precision : values()) {
                if (precision.id.equals(id)) {
                    return precision;
                }
            }
            throw new IllegalArgumentException("unknown date precision '" + id + "': expected one of "
                    + Arrays.stream(values()).map(Precision::id).toList());
        }

        /** Returns the {@link #id() id}. */
        @Override
        public String toString() {
            return id;
        }
    }

    private static final Pattern TEXT = Pattern.compile("(\\d{4})(?:([-/])(\\d{2})(?:\\2(\\d{2}))?)?(~)?");

    private final int year;
    private final Integer month;
    private final Integer day;
    private final boolean approximate;

    private PartialDate(Builder builder) {
        Checks checks = Checks.of("PartialDate");
        if (builder.year < 1 || builder.year > 9999) {
            throw checks.invalid("year", "must be from 1 to 9999", builder.year);
        }
        if (builder.month != null && (builder.month < 1 || builder.month > 12)) {
            throw checks.invalid("month", "must be from 1 to 12", builder.month);
        }
        if (builder.day != null) {
            if (builder.month == null) {
                throw checks.invalid("day", "requires a month (a day without a month is not a date)", builder.day);
            }
            if (!YearMonth.of(builder.year, builder.month).isValidDay(builder.day)) {
                throw checks.invalid("day", "must be a day of " + YearMonth.of(builder.year, builder.month)
                        + " (1 to " + YearMonth.of(builder.year, builder.month).lengthOfMonth() + ")", builder.day);
            }
        }
        this.year = builder.year;
        this.month = builder.month;
        this.day = builder.day;
        this.approximate = builder.approximate;
    }

    /**
     * A date known to the year.
     *
     * @throws IllegalArgumentException when the year is not 1 to 9999
     */
    public static PartialDate of(int year) {
        return builder().year(year).build();
    }

    /**
     * A date known to the month.
     *
     * @throws IllegalArgumentException when the year is not 1 to 9999 or the month not 1 to 12
     */
    public static PartialDate of(int year, int month) {
        return builder().year(year).month(month).build();
    }

    /**
     * A date known to the day.
     *
     * @throws IllegalArgumentException when year, month and day do not form a calendar date
     */
    public static PartialDate of(int year, int month, int day) {
        return builder().year(year).month(month).day(day).build();
    }

    /** A date known to the day, from a {@link LocalDate}. */
    public static PartialDate of(LocalDate date) {
        return of(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    /**
     * Reads a partial date: four digits for the year, then optionally two for the month, then optionally two for the
     * day, separated by {@code -} or {@code /} (the same separator throughout): {@code 1979}, {@code 1979-01},
     * {@code 1979-01-17}, {@code 1979/01}, {@code 1979/01/17}; a final {@code ~} makes it approximate
     * ({@code 1960~}). Nothing else is accepted: no surrounding whitespace, no two-digit years, no single-digit
     * months or days.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static PartialDate parse(String text) {
        Matcher matcher = text == null ? null : TEXT.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("PartialDate: cannot read " + Checks.show(text)
                    + ": expected YYYY, YYYY-MM or YYYY-MM-DD (or the same with '/'), such as '1979/01/17', followed"
                    + " by '~' when approximate");
        }
        Builder builder = builder().year(Integer.parseInt(matcher.group(1)));
        if (matcher.group(3) != null) {
            builder.month(Integer.parseInt(matcher.group(3)));
        }
        if (matcher.group(4) != null) {
            builder.day(Integer.parseInt(matcher.group(4)));
        }
        builder.approximate(matcher.group(5) != null);
        try {
            return builder.build();
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("PartialDate: cannot read '" + text + "': "
                    + invalid.getMessage().substring("PartialDate: ".length()), invalid);
        }
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this date, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().year(year).month(month).day(day).approximate(approximate);
    }

    /** The year, 1 to 9999. */
    public int year() {
        return year;
    }

    /** The month, 1 to 12, when known. */
    public Optional<Integer> month() {
        return Optional.ofNullable(month);
    }

    /** The day of the month, 1 to 31, when known. */
    public Optional<Integer> day() {
        return Optional.ofNullable(day);
    }

    /**
     * Whether the source gives the date as approximate ("about 1960"). False for the dates most sources give.
     *
     * @since 1.1
     */
    public boolean approximate() {
        return approximate;
    }

    /** How much of the date is known. */
    public Precision precision() {
        return day != null ? Precision.DAY : month != null ? Precision.MONTH : Precision.YEAR;
    }

    /** The date, when it is known to the day; empty otherwise (no day is ever invented). */
    public Optional<LocalDate> toLocalDate() {
        return day == null ? Optional.empty() : Optional.of(LocalDate.of(year, month, day));
    }

    /** The first day this partial date may stand for: 1979 gives 1979-01-01. */
    LocalDate earliestDay() {
        return LocalDate.of(year, month == null ? 1 : month, day == null ? 1 : day);
    }

    /** The last day this partial date may stand for: 1979-02 gives 1979-02-28. */
    LocalDate latestDay() {
        if (day != null) {
            return LocalDate.of(year, month, day);
        }
        return (month == null ? YearMonth.of(year, 12) : YearMonth.of(year, month)).atEndOfMonth();
    }

    /**
     * Two partial dates are equal when they have the same year, month and day, known or not, and are both approximate
     * or both not.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PartialDate other && year == other.year && Objects.equals(month, other.month)
                && Objects.equals(day, other.day) && approximate == other.approximate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(year, month, day, approximate);
    }

    /**
     * The ISO 8601 form to the known precision: {@code 1979}, {@code 1979-01} or {@code 1979-01-17}, followed by
     * {@code ~} when approximate (ISO 8601-2): {@code 1960~}.
     */
    @Override
    public String toString() {
        // written by hand: records are encoded by the thousand, and String.format was a tenth of encoding them
        StringBuilder text = new StringBuilder(10);
        padded(text, year, 4);
        if (month != null) {
            padded(text.append('-'), month, 2);
        }
        if (day != null) {
            padded(text.append('-'), day, 2);
        }
        if (approximate) {
            text.append('~');
        }
        return text.toString();
    }

    private static void padded(StringBuilder text, int value, int digits) {
        String number = Integer.toString(value);
        for (int i = number.length(); i < digits; i++) {
            text.append('0');
        }
        text.append(number);
    }

    /** Builds a {@link PartialDate}; {@link #build()} validates. */
    public static final class Builder {

        private int year;
        private Integer month;
        private Integer day;
        private boolean approximate;

        private Builder() {
        }

        /** The year, 1 to 9999; required. */
        public Builder year(int year) {
            this.year = year;
            return this;
        }

        /** The month, 1 to 12, or null (the default) when not known. */
        public Builder month(Integer month) {
            this.month = month;
            return this;
        }

        /** The day of the month, or null (the default) when not known; requires a month. */
        public Builder day(Integer day) {
            this.day = day;
            return this;
        }

        /**
         * Whether the source gives the date as approximate; false by default.
         *
         * @since 1.1
         */
        public Builder approximate(boolean approximate) {
            this.approximate = approximate;
            return this;
        }

        /**
         * Builds the date.
         *
         * @throws IllegalArgumentException naming the field that is out of range
         */
        public PartialDate build() {
            return new PartialDate(this);
        }
    }
}
