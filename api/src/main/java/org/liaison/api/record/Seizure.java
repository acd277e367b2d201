package org.liaison.api.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

import org.liaison.api.model.HandlingMarking;

/**
 * A seizure of drugs or other goods, as UNODC collects them from Member States: what was seized, how much, where
 * and when.
 *
 * <p>Instances are immutable and valid: {@code id} is not blank and at most 512 characters long; {@code countryCode}
 * is two or three upper-case letters; {@code drug} is not blank, nor are the other text fields when set; the year is
 * from 1900 to 2100 and, when the date is also set, is the date's year; the quantity is set and not negative.
 */
public final class Seizure implements DataRecord {

    private final String id;
    private final HandlingMarking marking;
    private final String countryCode;
    private final String countryName;
    private final String region;
    private final String subRegion;
    private final String drugGroup;
    private final String drug;
    private final Integer year;
    private final LocalDate date;
    private final BigDecimal quantityKg;

    private Seizure(Builder builder) {
        Checks checks = Checks.of("Seizure", builder.id);
        this.id = checks.recordId(builder.id);
        this.marking = builder.marking;
        this.countryCode = checks.countryCode("countryCode", builder.countryCode);
        this.countryName = checks.optionalText("countryName", builder.countryName);
        this.region = checks.optionalText("region", builder.region);
        this.subRegion = checks.optionalText("subRegion", builder.subRegion);
        this.drugGroup = checks.optionalText("drugGroup", builder.drugGroup);
        this.drug = checks.text("drug", builder.drug);
        this.year = builder.year;
        this.date = builder.date;
        this.quantityKg = checks.required("quantityKg", builder.quantityKg);
        if (year != null && (year < 1900 || year > 2100)) {
            throw checks.invalid("year", "must be from 1900 to 2100", year);
        }
        if (year != null && date != null && date.getYear() != year) {
            throw checks.invalid("date", "must fall in year " + year, date);
        }
        if (quantityKg.signum() < 0) {
            throw checks.invalid("quantityKg", "must not be negative", quantityKg);
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
        builder.countryCode = countryCode;
        builder.countryName = countryName;
        builder.region = region;
        builder.subRegion = subRegion;
        builder.drugGroup = drugGroup;
        builder.drug = drug;
        builder.year = year;
        builder.date = date;
        builder.quantityKg = quantityKg;
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

    /** Always {@link RecordType#SEIZURE}. */
    @Override
    public RecordType type() {
        return RecordType.SEIZURE;
    }

    /** The country where the seizure was made, as an ISO 3166-1 alpha-2 or alpha-3 code (UNODC uses alpha-3). */
    public String countryCode() {
        return countryCode;
    }

    /** The country's name, as the source writes it. */
    public Optional<String> countryName() {
        return Optional.ofNullable(countryName);
    }

    /** The region, in the source's terms, such as {@code Africa}. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    /** The sub-region, in the source's terms, such as {@code West and Central Africa}. */
    public Optional<String> subRegion() {
        return Optional.ofNullable(subRegion);
    }

    /** The group of drugs, in the source's terms, such as {@code Cocaine-type}. */
    public Optional<String> drugGroup() {
        return Optional.ofNullable(drugGroup);
    }

    /** The drug or goods seized, in the source's terms, such as {@code Cocaine hydrochloride}. */
    public String drug() {
        return drug;
    }

    /** The year of the seizure, 1900 to 2100, when the source aggregates by year. */
    public Optional<Integer> year() {
        return Optional.ofNullable(year);
    }

    /** The day of the seizure, when known. */
    public Optional<LocalDate> date() {
        return Optional.ofNullable(date);
    }

    /**
     * The quantity seized, in kilograms; not negative. Kept as the source gave it: {@code 1.5} and {@code 1.50} are
     * different values.
     */
    public BigDecimal quantityKg() {
        return quantityKg;
    }

    /** Two seizures are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Seizure other && Objects.equals(id, other.id) && Objects.equals(marking, other.marking)
                && Objects.equals(countryCode, other.countryCode) && Objects.equals(countryName, other.countryName)
                && Objects.equals(region, other.region) && Objects.equals(subRegion, other.subRegion)
                && Objects.equals(drugGroup, other.drugGroup) && Objects.equals(drug, other.drug)
                && Objects.equals(year, other.year) && Objects.equals(date, other.date)
                && Objects.equals(quantityKg, other.quantityKg);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, marking, countryCode, countryName, region, subRegion, drugGroup, drug, year, date,
                quantityKg);
    }

    /** The id, quantity, drug and country, for example {@code Seizure[S-1: 12.5 kg Cocaine hydrochloride in BRA]}. */
    @Override
    public String toString() {
        return "Seizure[" + id + ": " + quantityKg.toPlainString() + " kg " + drug + " in " + countryCode + "]";
    }

    /** Builds a {@link Seizure}; {@link #build()} validates. */
    public static final class Builder {

        private String id;
        private HandlingMarking marking;
        private String countryCode;
        private String countryName;
        private String region;
        private String subRegion;
        private String drugGroup;
        private String drug;
        private Integer year;
        private LocalDate date;
        private BigDecimal quantityKg;

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

        /** The country, as an upper-case ISO 3166-1 alpha-2 or alpha-3 code; required. */
        public Builder countryCode(String countryCode) {
            this.countryCode = countryCode;
            return this;
        }

        /** The country's name, or null (the default). */
        public Builder countryName(String countryName) {
            this.countryName = countryName;
            return this;
        }

        /** The region, or null (the default). */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The sub-region, or null (the default). */
        public Builder subRegion(String subRegion) {
            this.subRegion = subRegion;
            return this;
        }

        /** The group of drugs, or null (the default). */
        public Builder drugGroup(String drugGroup) {
            this.drugGroup = drugGroup;
            return this;
        }

        /** The drug or goods seized; required, not blank. */
        public Builder drug(String drug) {
            this.drug = drug;
            return this;
        }

        /** The year of the seizure, 1900 to 2100, or null (the default). */
        public Builder year(Integer year) {
            this.year = year;
            return this;
        }

        /** The day of the seizure, or null (the default). */
        public Builder date(LocalDate date) {
            this.date = date;
            return this;
        }

        /** The quantity seized in kilograms; required, not negative. */
        public Builder quantityKg(BigDecimal quantityKg) {
            this.quantityKg = quantityKg;
            return this;
        }

        /**
         * Builds the record.
         *
         * @throws IllegalArgumentException naming the record and the field that is missing or breaks a rule of the
         *                                  {@link Seizure class description}
         */
        public Seizure build() {
            return new Seizure(this);
        }
    }
}
