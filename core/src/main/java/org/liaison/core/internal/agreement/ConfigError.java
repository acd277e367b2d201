package org.liaison.core.internal.agreement;

import java.util.Objects;

/**
 * One problem in the agreement configuration: where it is, what was expected there and what was found, so that a
 * deployer can fix it without reading code.
 *
 * @param file     the file name, such as {@code un-interpol.json}; for a problem with the directory itself, the
 *                 directory
 * @param path     where in the file, as a JSON path such as {@code $.agreements[2].parties[1]}; empty when the
 *                 problem concerns the whole file (too large, unreadable) or the directory
 * @param expected what the configuration format requires there, such as
 *                 {@code a known partner id (one of [interpol, unpol])}
 * @param found    what the file holds there, such as {@code "unpool"} (JSON strings are shown quoted),
 *                 {@code nothing} for a missing member
 */
record ConfigError(String file, String path, String expected, String found) {

    ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(found, "found");
    }

    /**
     * The error on one line, for logs and commands: {@code <file>: <path>: expected <expected>, found <found>}, for
     * example {@code un-interpol.json: $.agreements[0].parties[1]: expected a known partner id (one of [interpol,
     * unpol]), found "unpool"}.
     */
    String message() {
        return file + ": " + (path.isEmpty() ? "" : path + ": ") + "expected " + expected + ", found " + found;
    }

    /** The {@link #message() message}. */
    @Override
    public String toString() {
        return message();
    }
}
