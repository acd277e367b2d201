package org.liaison.api.transport;

/**
 * Thrown by an {@link ExchangeChannel} when a delivery did not reach its partner. The core retries it with backoff
 * and, after its configured number of attempts, keeps it as a dead letter with this exception's message.
 */
public class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failed delivery with its reason. */
    public DeliveryException(String message) {
        super(message);
    }

    /** A failed delivery with its reason and cause. */
    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
