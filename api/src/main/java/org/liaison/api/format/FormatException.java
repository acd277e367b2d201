package org.liaison.api.format;

/**
 * Thrown when a payload as a whole cannot be decoded: it is not in the format, it is truncated, or it exceeds a
 * size limit. The message names the payload and, where known, the position (line, byte offset or JSON path) and
 * what was expected there.
 */
public class FormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An unreadable input, with a message a person can act on. */
    public FormatException(String message) {
        super(message);
    }

    /** An unreadable input, with a message a person can act on and the low-level cause. */
    public FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
