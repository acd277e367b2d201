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
 */
public record NewExchange(String id, String sender, String area, String purpose, String marking, Instant createdAt,
        List<NewDelivery> deliveries) {

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
