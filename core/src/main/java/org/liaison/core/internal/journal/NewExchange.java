package org.liaison.core.internal.journal;

import java.time.Instant;
import java.util.List;

/**
 * An exchange to journal with {@link Journal#complete}, with its deliveries, one per recipient.
 *
 * @param id         unique across the journal
 * @param sender     the sending partner
 * @param area       the cooperation area the flow serves
 * @param purpose    the purpose the flow serves
 * @param marking    the handling marking (for example {@code TLP:AMBER}), or null when there is none
 * @param createdAt  when the engine made the exchange
 * @param deliveries one per recipient; may be empty
 * @param originator the partner the records first came from when the sender passes on what it received through
 *                   Liaison; null when they are the sender's own
 */
public record NewExchange(String id, String sender, String area, String purpose, String marking, Instant createdAt,
        List<NewDelivery> deliveries, String originator) {

    /** An exchange of the sender's own records. */
    public NewExchange(String id, String sender, String area, String purpose, String marking, Instant createdAt,
            List<NewDelivery> deliveries) {
        this(id, sender, area, purpose, marking, createdAt, deliveries, null);
    }

    public NewExchange {
        Checks.text("exchange id", id);
        Checks.text("exchange " + id + ": sender", sender);
        Checks.text("exchange " + id + ": area", area);
        Checks.text("exchange " + id + ": purpose", purpose);
        Checks.present("exchange " + id + ": createdAt", createdAt);
        Checks.present("exchange " + id + ": deliveries", deliveries);
        deliveries = List.copyOf(deliveries);
    }
}
