package org.liaison.api.model;

import java.util.Objects;

/**
 * How far information can be trusted, in the NATO / Admiralty system used by police and intelligence services: a
 * letter for the reliability of the source and a digit for the credibility of the information, written together
 * as in {@code B2}.
 *
 * <p>Source reliability: {@code A} completely reliable, {@code B} usually reliable, {@code C} fairly reliable,
 * {@code D} not usually reliable, {@code E} unreliable, {@code F} reliability cannot be judged.
 *
 * <p>Information credibility: {@code 1} confirmed by other sources, {@code 2} probably true, {@code 3} possibly
 * true, {@code 4} doubtful, {@code 5} improbable, {@code 6} truth cannot be judged.
 *
 * <p>Instances are immutable and valid.
 */
public final class SourceEvaluation {

    private final char sourceReliability;
    private final int informationCredibility;

    private SourceEvaluation(Builder builder) {
        Checks checks = Checks.of("SourceEvaluation");
        if (builder.sourceReliability < 'A' || builder.sourceReliability > 'F') {
            throw checks.invalid("sourceReliability", "must be a letter from A to F",
                    builder.sourceReliability == 0 ? null : "'" + builder.sourceReliability + "'");
        }
        if (builder.informationCredibility < 1 || builder.informationCredibility > 6) {
            throw checks.invalid("informationCredibility", "must be a digit from 1 to 6",
                    builder.informationCredibility);
        }
        this.sourceReliability = builder.sourceReliability;
        this.informationCredibility = builder.informationCredibility;
    }

    /**
     * The evaluation with the given source reliability ({@code 'A'} to {@code 'F'}) and information credibility
     * ({@code 1} to {@code 6}).
     *
     * @throws IllegalArgumentException when either is out of range
     */
    public static SourceEvaluation of(char sourceReliability, int informationCredibility) {
        return builder().sourceReliability(sourceReliability).informationCredibility(informationCredibility).build();
    }

    /**
     * Reads a code such as {@code B2}: one upper-case letter {@code A}-{@code F} followed by one digit
     * {@code 1}-{@code 6}, nothing else.
     *
     * @throws IllegalArgumentException naming the code when it is not of that form
     */
    public static SourceEvaluation parse(String code) {
        if (code == null || code.length() != 2 || code.charAt(0) < 'A' || code.charAt(0) > 'F'
                || code.charAt(1) < '1' || code.charAt(1) > '6') {
            throw new IllegalArgumentException("SourceEvaluation: cannot read " + Checks.show(code)
                    + ": expected a letter A-F followed by a digit 1-6, such as 'B2'");
        }
        return of(code.charAt(0), code.charAt(1) - '0');
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this evaluation, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().sourceReliability(sourceReliability).informationCredibility(informationCredibility);
    }

    /** The reliability of the source, {@code 'A'} (completely reliable) to {@code 'F'} (cannot be judged). */
    public char sourceReliability() {
        return sourceReliability;
    }

    /** The credibility of the information, {@code 1} (confirmed) to {@code 6} (cannot be judged). */
    public int informationCredibility() {
        return informationCredibility;
    }

    /** The two-character code, for example {@code B2}; {@link #parse(String)} reads it back. */
    public String code() {
        return String.valueOf(sourceReliability) + informationCredibility;
    }

    /** Two evaluations are equal when they have the same code. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SourceEvaluation other && sourceReliability == other.sourceReliability
                && informationCredibility == other.informationCredibility;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceReliability, informationCredibility);
    }

    /** Returns the {@link #code() code}. */
    @Override
    public String toString() {
        return code();
    }

    /** Builds a {@link SourceEvaluation}; {@link #build()} validates. */
    public static final class Builder {

        private char sourceReliability;
        private int informationCredibility;

        private Builder() {
        }

        /** The reliability of the source, {@code 'A'} to {@code 'F'}; required. */
        public Builder sourceReliability(char sourceReliability) {
            this.sourceReliability = sourceReliability;
            return this;
        }

        /** The credibility of the information, {@code 1} to {@code 6}; required. */
        public Builder informationCredibility(int informationCredibility) {
            this.informationCredibility = informationCredibility;
            return this;
        }

        /**
         * Builds the evaluation.
         *
         * @throws IllegalArgumentException when either part is missing or out of range
         */
        public SourceEvaluation build() {
            return new SourceEvaluation(this);
        }
    }
}
