package org.liaison.core.internal.journal;

/** Argument checks with messages that name the argument. */
final class Checks {

    private Checks() {
    }

    static void present(String what, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
    }

    static void text(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is missing or blank");
        }
    }
}
