package org.liaison.api.transport;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Takes encoded deliveries out to a partner.
 *
 * <p>Register an implementation as an OSGi service with the service properties {@link #PARTNER} and
 * {@link #TRANSPORT}, most simply with {@link ExchangeChannelService @ExchangeChannelService}. The core calls
 * {@link #deliver(Delivery)} only for deliveries that an agreement in force allows, already encoded in the
 * recipient's format.
 *
 * <p>Delivery is at least once: the core retries a delivery whose call threw, so a partner may see the same
 * delivery twice. Every delivery carries an {@link Delivery#idempotencyKey() idempotency key}; a channel passes it
 * on (a file name, an HTTP header) so that the partner can drop duplicates.
 */
@ConsumerType
public interface ExchangeChannel {

    /** Service property: the id of the partner this channel delivers to. Required. */
    String PARTNER = "liaison.partner";

    /** Service property: the transport the channel uses, such as {@code folder} or {@code https}. Required. */
    String TRANSPORT = "liaison.transport";

    /**
     * Hands one delivery to the partner. Returns only once the partner, or a durable place the partner reads
     * from, holds the whole delivery; a partial delivery must never become visible to the partner.
     *
     * @param delivery the delivery, already encoded
     * @throws DeliveryException when the delivery did not reach the partner; the core retries it later
     */
    void deliver(Delivery delivery) throws DeliveryException;
}
