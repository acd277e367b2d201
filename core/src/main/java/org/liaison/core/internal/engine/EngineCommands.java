package org.liaison.core.internal.engine;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.core.internal.journal.DeadLetter;
import org.liaison.core.internal.journal.ExchangeSummary;
import org.liaison.core.internal.journal.JournalException;
import org.liaison.core.internal.journal.JournalStats;
import org.liaison.core.internal.registry.PluginTracker;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The operator's Gogo commands for the exchange engine: {@code liaison:status}, {@code liaison:exchanges},
 * {@code liaison:deadletters} and {@code liaison:replay}.
 */
@Component(service = EngineCommands.class, property = {
        "osgi.command.scope=liaison",
        "osgi.command.function=status",
        "osgi.command.function=exchanges",
        "osgi.command.function=deadletters",
        "osgi.command.function=replay" })
public final class EngineCommands {

    private final ExchangeEngine engine;
    private final PluginTracker registry;

    @Activate
    public EngineCommands(@Reference ExchangeEngine engine, @Reference PluginTracker registry) {
        this.engine = engine;
        this.registry = registry;
    }

    @Descriptor("plugins, queue depth per recipient, dead letters, journal size, and what the engine has in hand")
    public String status() throws JournalException {
        JournalStats stats = engine.journal().stats();
        StringBuilder text = new StringBuilder("plugins:\n");
        for (PartnerPlugins partner : registry.partners()) {
            text.append(String.format("  %-28s %d formats, %d sources, %d channels%n", partner.partner(),
                    partner.formats().size(), partner.sources().size(), partner.channels().size()));
        }
        text.append("inputs: ").append(counts(stats.payloadsByState())).append('\n');
        text.append("deliveries: ").append(counts(stats.deliveriesByState())).append('\n');
        text.append("queued per recipient: ").append(counts(stats.queuedByRecipient())).append('\n');
        text.append("dead letters per recipient: ").append(counts(stats.deadByRecipient())).append('\n');
        text.append("journal size: ").append(stats.sizeBytes() < 0 ? "unknown" : stats.sizeBytes() + " bytes")
                .append('\n');
        ExchangeEngine.Activity activity = engine.activity();
        text.append("in hand: ").append(activity.payloadsInLanes()).append(" inputs being decided (lanes behind: ")
                .append(activity.lanesBehind().isEmpty() ? "none" : String.join(", ", activity.lanesBehind()))
                .append("), ").append(activity.deliveriesInFlight()).append(" deliveries in flight (queued: ")
                .append(activity.queuedByRecipient().isEmpty() ? "none" : counts(activity.queuedByRecipient()))
                .append(")\n");
        text.append(String.format(Locale.ROOT, "delivered in the last minute: %d (%.1f/s)%n",
                activity.deliveredLastMinute(), activity.deliveredLastMinute() / 60.0));
        List<String> held = registry.heldBundles();
        text.append("plugins held back for their check: ").append(held.isEmpty() ? "none" : String.join(", ", held));
        return text.toString();
    }

    private static String counts(Map<String, ? extends Number> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((key, count) -> text.append(text.length() == 0 ? "" : ", ").append(key).append(' ')
                .append(count));
        return text.toString();
    }

    @Descriptor("the newest exchanges, with the state of each delivery")
    public String exchanges() throws JournalException {
        return exchanges(20);
    }

    @Descriptor("the newest exchanges, with the state of each delivery")
    public String exchanges(@Descriptor("how many") int limit) throws JournalException {
        List<ExchangeSummary> exchanges = engine.journal().exchanges(limit);
        if (exchanges.isEmpty()) {
            return "No exchanges yet: drop a file in data/inbox/<partner>/.";
        }
        StringBuilder text = new StringBuilder();
        for (ExchangeSummary exchange : exchanges) {
            text.append(exchange.id()).append("  ").append(exchange.createdAt()).append("  ")
                    .append(exchange.sender()).append("  ").append(exchange.area()).append('/')
                    .append(exchange.purpose()).append("  ").append(states(exchange.deliveryStateByRecipient()))
                    .append('\n');
        }
        return text.toString().stripTrailing();
    }

    private static String states(Map<String, String> states) {
        StringBuilder text = new StringBuilder();
        states.forEach((recipient, state) -> text.append(text.length() == 0 ? "" : ", ").append(recipient)
                .append(": ").append(state));
        return text.toString();
    }

    @Descriptor("deliveries that ran out of attempts, and those denied just before they left, with the reason")
    public String deadletters() throws JournalException {
        List<DeadLetter> dead = engine.journal().deadLetters(1000);
        List<DeadLetter> denied = engine.journal().deniedAtDelivery(1000);
        if (dead.isEmpty() && denied.isEmpty()) {
            return "No dead letters.";
        }
        StringBuilder text = new StringBuilder();
        for (DeadLetter letter : dead) {
            text.append(letter.key()).append("  to ").append(letter.recipient()).append("  after ")
                    .append(letter.attempts()).append(" attempts, since ").append(letter.since()).append(": ")
                    .append(letter.lastError()).append('\n');
        }
        if (!denied.isEmpty()) {
            text.append(dead.isEmpty() ? "" : "\n").append("Denied just before they left (liaison:replay <key>"
                    + " decides again once the agreement is back in force):\n");
            for (DeadLetter letter : denied) {
                text.append(letter.key()).append("  to ").append(letter.recipient()).append("  since ")
                        .append(letter.since()).append(": ").append(letter.lastError()).append('\n');
            }
        }
        return text.toString().stripTrailing();
    }

    @Descriptor("delivers every dead letter and every delivery denied at delivery again, each decided again first")
    public String replay() throws JournalException {
        return replayed(engine.replay(null));
    }

    @Descriptor("delivers one dead letter, or one delivery denied at delivery, again, decided again first")
    public String replay(@Descriptor("the delivery key, as liaison:deadletters shows it") String key)
            throws JournalException {
        ExchangeEngine.Replayed count = engine.replay(key);
        if (count.total() == 0) {
            throw new IllegalArgumentException("no dead letter and no delivery denied at delivery with key " + key
                    + ": see liaison:deadletters");
        }
        return replayed(count);
    }

    private static String replayed(ExchangeEngine.Replayed count) {
        String dead = count.deadLetters() + (count.deadLetters() == 1 ? " dead letter" : " dead letters");
        if (count.deniedAtDelivery() == 0) {
            return dead + " queued for delivery again";
        }
        return dead + " and " + count.deniedAtDelivery() + (count.deniedAtDelivery() == 1 ? " delivery" : " deliveries")
                + " denied at delivery queued again: each is decided again with the agreements in force before it"
                + " leaves";
    }
}
