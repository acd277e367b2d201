package org.liaison.api.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How information must be handled: a {@link Tlp Traffic Light Protocol} label, plus the partner's own handling
 * codes where it uses them.
 *
 * <p>The TLP label is what the core enforces: an {@link Exchange} whose marking is {@link Tlp#isAbove(Tlp) above}
 * the {@link Agreement#handlingCeiling() ceiling} of its agreement is refused. Handling codes are carried along
 * unchanged for the recipient to honour; examples are Europol SIENA's {@code H1} (not to be used as evidence),
 * {@code H2} and {@code H3}, or a partner's free codes such as {@code NO-MEDIA}.
 *
 * <p>Instances are immutable and valid: a TLP label is always present, and handling codes are non-blank and
 * contain no whitespace. Handling codes iterate in alphabetical order.
 */
public final class HandlingMarking {

    private static final Pattern CODE = Pattern.compile("\\S+");

    private final Tlp tlp;
    private final Set<String> handlingCodes;

    private HandlingMarking(Builder builder) {
        Checks checks = Checks.of("HandlingMarking");
        this.tlp = checks.required("tlp", builder.tlp);
        this.handlingCodes = checks.matching("handlingCodes", builder.handlingCodes, CODE,
                "must contain only non-blank codes without whitespace");
    }

    /** A marking with the given TLP label and no handling codes. */
    public static HandlingMarking of(Tlp tlp) {
        return builder().tlp(tlp).build();
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this marking, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().tlp(tlp).handlingCodes(handlingCodes);
    }

    /** The Traffic Light Protocol label. */
    public Tlp tlp() {
        return tlp;
    }

    /** The partner's handling codes, such as {@code H2}; possibly empty, never null, unmodifiable. */
    public Set<String> handlingCodes() {
        return handlingCodes;
    }

    /** Two markings are equal when they have the same label and the same handling codes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HandlingMarking other && tlp == other.tlp && handlingCodes.equals(other.handlingCodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tlp, handlingCodes);
    }

    /** The label followed by the handling codes, for example {@code TLP:AMBER H1 H3}. */
    @Override
    public String toString() {
        return handlingCodes.isEmpty() ? tlp.id() : tlp.id() + " " + String.join(" ", handlingCodes);
    }

    /** Builds a {@link HandlingMarking}; {@link #build()} validates. */
    public static final class Builder {

        private Tlp tlp;
        private Set<String> handlingCodes;

        private Builder() {
        }

        /** The Traffic Light Protocol label; required. */
        public Builder tlp(Tlp tlp) {
            this.tlp = tlp;
            return this;
        }

        /** The handling codes, replacing any set before; null means none. */
        public Builder handlingCodes(Collection<String> handlingCodes) {
            this.handlingCodes = handlingCodes == null ? null : new LinkedHashSet<>(handlingCodes);
            return this;
        }

        /** The handling codes, replacing any set before. */
        public Builder handlingCodes(String... handlingCodes) {
            return handlingCodes(handlingCodes == null ? null : Arrays.asList(handlingCodes));
        }

        /**
         * Builds the marking.
         *
         * @throws IllegalArgumentException when the label is missing or a handling code is blank or contains
         *                                  whitespace
         */
        public HandlingMarking build() {
            return new HandlingMarking(this);
        }
    }
}
