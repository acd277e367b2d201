package org.liaison.api.transport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Takes encoded deliveries out to a partner.
 *
 * <p>Register an implementation as an OSGi service with the service properties {@link #PARTNER} and
 * {@link #TRANSPORT}, most simply with {@link ExchangeChannelService @ExchangeChannelService}. The core calls
 * {@link #deliver(Delivery)} (or {@link #deliverAll(List)}) only for deliveries that an agreement in force allows,
 * already encoded in the recipient's format.
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

    /**
     * Hands several deliveries to the partner, each as {@link #deliver(Delivery)} does. The core calls it with the
     * deliveries to this partner that are due together, so that a channel can make them durable in one go (the
     * folder channel writes every file, then forces them all, then renames them into place) instead of one at a
     * time. The default delivers them one after the other.
     *
     * <p>When this method returns, every delivery given that is not among the returned failures holds at the
     * partner as {@code deliver} promises; each failed one is retried later. One delivery's failure must not stop the
     * others. When this method throws, or runs out of the core's time limit, every delivery given counts as failed,
     * and the core tries each of them on its own next time.
     *
     * @param deliveries deliveries to this channel's partner, already encoded, in the order they became due
     * @return the deliveries that did not reach the partner, each with why, in the order given; empty when all did.
     *         The keys are the very objects given (a {@code Delivery} is equal only to itself)
     * @since 1.1
     */
    default Map<Delivery, DeliveryException> deliverAll(List<Delivery> deliveries) {
        Map<Delivery, DeliveryException> failed = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            try {
                deliver(delivery);
            } catch (DeliveryException e) {
                failed.put(delivery, e);
            } catch (RuntimeException e) {
                failed.put(delivery, new DeliveryException("the channel failed: " + e, e));
            }
        }
        return failed;
    }
}
