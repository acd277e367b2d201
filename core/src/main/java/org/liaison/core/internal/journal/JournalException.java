package org.liaison.core.internal.journal;

/**
 * A journal operation failed. The message names the operation and the payload id or delivery key it was about,
 * then what went wrong, for example {@code markDelivered exchange-17/unpol: no such delivery}.
 */
public class JournalException extends Exception {

    private static final long serialVersionUID = 1L;

    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
