package org.liaison.api.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An organisation that exchanges information through Liaison: INTERPOL, a UN body, a national authority, an NGO,
 * a company. Partners are known by a short, stable {@link #id() id} that agreements, exchanges, plugins and audit
 * entries use to name them.
 *
 * <p>A partner may be part of another ({@link #parent()}): the UN Police Division ({@code unpol}) within the
 * United Nations ({@code un}). Being part of a parent grants nothing by itself; agreements name the partners
 * they bind.
 *
 * <p>Instances are immutable and valid:
 * <ul>
 * <li>{@code id} and {@code parent} are slugs matching {@code [a-z0-9][a-z0-9._-]*}, and a partner is not its own
 * parent;</li>
 * <li>{@code name} is not blank;</li>
 * <li>{@code country}, when present, is an ISO 3166-1 alpha-2 code in upper case ({@code FR}, {@code XK}).</li>
 * </ul>
 */
public final class Partner {

    private final String id;
    private final String name;
    private final PartnerKind kind;
    private final String country;
    private final String parent;

    private Partner(Builder builder) {
        Checks checks = Checks.of("Partner", builder.id);
        this.id = checks.slug("id", builder.id);
        this.name = checks.text("name", builder.name);
        this.kind = checks.required("kind", builder.kind);
        this.country = checks.optionalCountry("country", builder.country);
        this.parent = checks.optionalSlug("parent", builder.parent);
        if (id.equals(parent)) {
            throw checks.invalid("parent", "must name another partner, not the partner itself", parent);
        }
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this partner, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().id(id).name(name).kind(kind).country(country).parent(parent);
    }

    /** The partner's stable id, such as {@code interpol} or {@code unodc}. */
    public String id() {
        return id;
    }

    /** The partner's name for people, such as {@code International Criminal Police Organization}. */
    public String name() {
        return name;
    }

    /** What kind of body the partner is. */
    public PartnerKind kind() {
        return kind;
    }

    /** The country the partner belongs to, as an ISO 3166-1 alpha-2 code; typically set for national authorities. */
    public Optional<String> country() {
        return Optional.ofNullable(country);
    }

    /** The id of the partner this one is part of, such as {@code un} for {@code unpol}. */
    public Optional<String> parent() {
        return Optional.ofNullable(parent);
    }

    /** Two partners are equal when all their fields are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Partner other && id.equals(other.id) && name.equals(other.name) && kind == other.kind
                && Objects.equals(country, other.country) && Objects.equals(parent, other.parent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, kind, country, parent);
    }

    /** A short description, for example {@code Partner[unpol (un-body, part of un): UN Police]}. */
    @Override
    public String toString() {
        return "Partner[" + id + " (" + kind + (country == null ? "" : ", " + country)
                + (parent == null ? "" : ", part of " + parent) + "): " + name + "]";
    }

    /** Builds a {@link Partner}; {@link #build()} validates. */
    public static final class Builder {

        private String id;
        private String name;
        private PartnerKind kind;
        private String country;
        private String parent;

        private Builder() {
        }

        /** The partner's stable id, a slug; required. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The partner's name for people; required, not blank. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** What kind of body the partner is; required. */
        public Builder kind(PartnerKind kind) {
            this.kind = kind;
            return this;
        }

        /** The partner's country as an ISO 3166-1 alpha-2 code, or null (the default) for none. */
        public Builder country(String country) {
            this.country = country;
            return this;
        }

        /** The id of the partner this one is part of, or null (the default) for none. */
        public Builder parent(String parent) {
            this.parent = parent;
            return this;
        }

        /**
         * Builds the partner.
         *
         * @throws IllegalArgumentException naming the partner and the field that is missing or malformed
         */
        public Partner build() {
            return new Partner(this);
        }
    }
}
