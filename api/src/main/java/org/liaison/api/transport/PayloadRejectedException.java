package org.liaison.api.transport;

/**
 * Thrown by a {@link PayloadSink} that did not take a payload. The source keeps the payload and offers it again.
 */
public class PayloadRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A rejection with its reason. */
    public PayloadRejectedException(String message) {
        super(message);
    }

    /** A rejection with its reason and cause. */
    public PayloadRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
