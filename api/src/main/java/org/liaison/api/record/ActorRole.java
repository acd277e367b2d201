package org.liaison.api.record;

import java.util.Arrays;

/**
 * The part an actor plays in an {@link Incident}, as conflict event data such as ACLED records it: an event has two
 * sides, each with a main actor and actors associated with it.
 *
 * @since 1.1 of the package
 */
public enum ActorRole {
    /** The main actor of the first side (ACLED {@code actor1}). */
    ACTOR_1("actor-1"),
    /** An actor associated with the first side (ACLED {@code assoc_actor_1}). */
    ASSOCIATE_OF_ACTOR_1("associate-of-actor-1"),
    /** The main actor of the second side (ACLED {@code actor2}). */
    ACTOR_2("actor-2"),
    /** An actor associated with the second side (ACLED {@code assoc_actor_2}). */
    ASSOCIATE_OF_ACTOR_2("associate-of-actor-2");

    private final String id;

    ActorRole(String id) {
        this.id = id;
    }

    /** The stable id used in the canonical JSON format, such as {@code actor-1}. */
    public String id() {
        return id;
    }

    /**
     * Returns the constant with the given {@link #id() id}; the match is exact.
     *
     * @throws IllegalArgumentException naming the unknown id and listing the known ones
     */
    public static ActorRole fromId(String id) {
        for (ActorRole value : values()) {
            if (value.id.equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown actor role '" + id + "': expected one of "
                + Arrays.stream(values()).map(ActorRole::id).toList());
    }

    /** Returns the {@link #id() id}. */
    @Override
    public String toString() {
        return id;
    }
}
