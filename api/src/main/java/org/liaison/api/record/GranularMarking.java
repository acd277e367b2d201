package org.liaison.api.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.liaison.api.model.HandlingMarking;

/**
 * A handling marking that applies to some fields of a record only, as STIX 2.1 granular markings do: the
 * {@code description} of an indicator may be {@code TLP:RED} while the rest is {@code TLP:AMBER}. The selectors name
 * the fields in the source's own terms (STIX selectors such as {@code description} or {@code labels.[1]}).
 *
 * <p>Instances are immutable and valid: at least one selector, none blank; the marking is set.
 *
 * @since 1.1 of the package
 */
public final class GranularMarking {

    private final List<String> selectors;
    private final HandlingMarking marking;

    private GranularMarking(Builder builder) {
        Checks checks = Checks.of("GranularMarking");
        this.selectors = checks.texts("selectors", builder.selectors);
        if (selectors.isEmpty()) {
            throw checks.invalid("selectors", "must name at least one field", selectors);
        }
        this.marking = checks.required("marking", builder.marking);
    }

    /** A marking of the fields the selectors name. */
    public static GranularMarking of(HandlingMarking marking, String... selectors) {
        return builder().marking(marking).selectors(selectors).build();
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this value, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().selectors(selectors).marking(marking);
    }

    /** The fields the marking applies to, in the source's terms, in the order given. */
    public List<String> selectors() {
        return selectors;
    }

    /** The marking of those fields. */
    public HandlingMarking marking() {
        return marking;
    }

    /** Two granular markings are equal when they have the same selectors, in order, and the same marking. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GranularMarking other && selectors.equals(other.selectors)
                && marking.equals(other.marking);
    }

    @Override
    public int hashCode() {
        return Objects.hash(selectors, marking);
    }

    /** The marking and the selectors: {@code TLP:RED [description]}. */
    @Override
    public String toString() {
        return marking + " " + selectors;
    }

    /** Builds a {@link GranularMarking}; {@link #build()} validates. */
    public static final class Builder {
        private List<String> selectors;
        private HandlingMarking marking;

        private Builder() {
        }

        /** The fields the marking applies to; at least one. Replaces any set before. */
        public Builder selectors(Collection<String> selectors) {
            this.selectors = selectors == null ? null : new ArrayList<>(selectors);
            return this;
        }

        /** The fields the marking applies to; at least one. Replaces any set before. */
        public Builder selectors(String... selectors) {
            return selectors(selectors == null ? null : Arrays.asList(selectors));
        }

        /** The marking; required. */
        public Builder marking(HandlingMarking marking) {
            this.marking = marking;
            return this;
        }

        /**
         * Builds the value.
         *
         * @throws IllegalArgumentException naming the field that is missing or breaks a rule
         */
        public GranularMarking build() {
            return new GranularMarking(this);
        }
    }
}
