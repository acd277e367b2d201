package org.liaison.api.record;

import java.util.Objects;

/**
 * An actor of an {@link Incident} with the part it plays: {@code Al Shabaab} as {@link ActorRole#ACTOR_1},
 * {@code Military Forces of Ethiopia} as {@link ActorRole#ACTOR_2}.
 *
 * <p>Instances are immutable and valid: the name is not blank and the role is set.
 *
 * @since 1.1 of the package
 */
public final class IncidentActor {

    private final String name;
    private final ActorRole role;

    private IncidentActor(Builder builder) {
        Checks checks = Checks.of("IncidentActor");
        this.name = checks.text("name", builder.name);
        this.role = checks.required("role", builder.role);
    }

    /** An actor with its role. */
    public static IncidentActor of(String name, ActorRole role) {
        return builder().name(name).role(role).build();
    }

    /** A new builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the fields of this value, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().name(name).role(role);
    }

    /** The actor's name as the source writes it. */
    public String name() {
        return name;
    }

    /** The part the actor plays. */
    public ActorRole role() {
        return role;
    }

    /** Two incident actors are equal when they have the same name and role. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IncidentActor other && name.equals(other.name) && role == other.role;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, role);
    }

    /** The name and the role: {@code Al Shabaab (actor-1)}. */
    @Override
    public String toString() {
        return name + " (" + role.id() + ")";
    }

    /** Builds an {@link IncidentActor}; {@link #build()} validates. */
    public static final class Builder {
        private String name;
        private ActorRole role;

        private Builder() {
        }

        /** The actor's name; required, not blank. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The part the actor plays; required. */
        public Builder role(ActorRole role) {
            this.role = role;
            return this;
        }

        /**
         * Builds the value.
         *
         * @throws IllegalArgumentException naming the field that is missing or blank
         */
        public IncidentActor build() {
            return new IncidentActor(this);
        }
    }
}
