package org.liaison.core.internal.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.DataRecord;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.Delivery;
import org.liaison.api.transport.DeliveryException;
import org.liaison.api.transport.ExchangeChannel;
import org.liaison.core.internal.agreement.AgreementService;
import org.liaison.core.internal.audit.AuditTrail;
import org.liaison.core.internal.journal.DueDelivery;
import org.liaison.core.internal.journal.Journal;
import org.liaison.core.internal.journal.JournalException;

/**
 * One attempt at one due delivery: encodes the journaled records in the recipient's format, hands them to the
 * recipient's channel, and journals the outcome: delivered, retried later with backoff, or dead-lettered after the
 * last attempt. A recipient whose format or channel is not plugged in keeps its deliveries queued, without using
 * up attempts, until the plugin appears.
 *
 * <p>The recipient's format and channel run on the recipient's own plugin threads ({@link PluginThreads}), with one
 * time limit for encoding and handing over together. Past it the call is interrupted and abandoned, its thread is
 * replaced, and the attempt counts as failed with the reason: retried with backoff, a dead letter after the last
 * attempt. The delivery thread is free again at once, so a hanging channel costs the other recipients nothing. A
 * channel that finishes after it was given up on may still have delivered: the retry then delivers again with the
 * same idempotency key, as after a crash (delivery is at least once). Anything a format or channel throws, errors
 * included, is a failed attempt.
 */
final class DeliveryAttempt {

    /**
     * How long a delivery waits for an absent plugin before it is looked at again, at the latest: the engine looks
     * again as soon as plugins come or go ({@link Journal#wakeWaiting}).
     */
    static final long PLUGIN_WAIT_MILLIS = 5_000;

    private final PluginRegistry registry;
    private final AgreementService agreements;
    private final Journal journal;
    private final AuditTrail audit;
    private final Canonical canonical;
    /** The time limit of encode and channel when none is configured; as {@link EngineConfig#deliveryTimeoutMillis()}. */
    static final long DEFAULT_DELIVERY_TIMEOUT_MILLIS = 30_000;

    private final PluginThreads plugins;
    private volatile Backoff backoff;
    private volatile int maxAttempts;
    private volatile long timeoutMillis;

    DeliveryAttempt(PluginRegistry registry, AgreementService agreements, Journal journal, AuditTrail audit,
            Backoff backoff, int maxAttempts) {
        this(registry, agreements, journal, audit, backoff, maxAttempts, DEFAULT_DELIVERY_TIMEOUT_MILLIS, 2);
    }

    /**
     * @param timeoutMillis        how long encoding and handing over one delivery may take together
     * @param callsPerRecipient    how many deliveries to one recipient may run at once (the delivery threads)
     */
    DeliveryAttempt(PluginRegistry registry, AgreementService agreements, Journal journal, AuditTrail audit,
            Backoff backoff, int maxAttempts, long timeoutMillis, int callsPerRecipient) {
        this.registry = registry;
        this.agreements = agreements;
        this.journal = journal;
        this.audit = audit;
        this.canonical = new Canonical(registry);
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.timeoutMillis = timeoutMillis;
        this.plugins = new PluginThreads("liaison-deliver-", callsPerRecipient);
    }

    /** Takes a new time limit for encoding and handing over a delivery, for the attempts that start from now on. */
    void timeout(long millis) {
        this.timeoutMillis = millis;
    }

    /** Ends the recipients' plugin threads, interrupting calls in progress. */
    void close() {
        plugins.close();
    }

    /** Takes new retry settings; attempts already scheduled keep their time. */
    void retune(Backoff newBackoff, int newMaxAttempts) {
        this.backoff = newBackoff;
        this.maxAttempts = newMaxAttempts;
    }

    /** How an attempt ended. */
    enum Outcome {
        /**
         * The channel took the delivery: its {@code delivered} entry is recorded in the audit trail, and the caller
         * journals it delivered once that entry is on disk (so that a crash in between only repeats the delivery,
         * under the same key).
         */
        DELIVERED,
        /** A plugin it needs is not there: journaled as waiting, due again when plugins change. */
        WAITING,
        /**
         * Journaled already: failed and due again later, or dead-lettered; or not made because the engine stops.
         */
        JOURNALED
    }

    /** Makes one attempt. */
    Outcome attempt(DueDelivery due) throws JournalException {
        if (!canonical.available()) {
            waitFor(due, "the canonical-json plugin");
            return Outcome.WAITING;
        }
        String type = Canonical.firstRecordType(due.content()).orElse("*");
        String formatId = agreements.deliveryFormat(due.recipient(), type).orElse(Canonical.FORMAT);
        Optional<PartnerFormat> format = registry.format(due.recipient(), formatId);
        if (format.isEmpty()) {
            waitFor(due, "format " + formatId + " of " + due.recipient());
            return Outcome.WAITING;
        }
        String plugin = pluginOf(due.recipient(), formatId);
        Optional<ExchangeChannel> channel = registry.channel(due.recipient());
        if (channel.isEmpty()) {
            waitFor(due, "a channel to " + due.recipient());
            return Outcome.WAITING;
        }
        long timeout = timeoutMillis;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        byte[] content;
        int recordCount = -1;
        HandlingMarking carried = null;
        if (formatId.equals(Canonical.FORMAT)) {
            // the journal already holds the records in this very format: no need to decode and encode them again
            content = due.content();
        } else {
            Optional<List<DataRecord>> records;
            try {
                records = canonical.decode(due.key(), due.content());
            } catch (FormatException e) {
                fail(due, e.getMessage());
                return Outcome.JOURNALED;
            }
            if (records.isEmpty()) {
                waitFor(due, "the canonical-json plugin");
                return Outcome.WAITING;
            }
            recordCount = records.get().size();
            Encoded encoded;
            try {
                encoded = plugins.call(due.recipient(), remaining(deadline),
                        () -> encode(format.get(), records.get()));
            } catch (PluginThreads.TimedOut e) {
                fail(due, "format " + due.recipient() + "/" + formatId + " did not finish encoding " + due.key()
                        + " within " + timeout + " ms");
                return Outcome.JOURNALED;
            } catch (ExecutionException e) {
                fail(due, "format " + formatId + " could not encode: " + (e.getCause() == null ? e : e.getCause()));
                return Outcome.JOURNALED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the engine stops: the delivery stays due, attempts unchanged
                return Outcome.JOURNALED;
            }
            if (!encoded.leftOut().isEmpty()) {
                audit.record("delivery-records-left-out", Map.of("delivery", due.key(), "format", formatId,
                        "errors", encoded.leftOut().stream().map(RecordError::message).limit(100).toList()));
            }
            content = encoded.content();
            carried = encoded.carried();
        }
        Delivery delivery = Delivery.builder().exchangeId(due.exchangeId()).recipient(due.recipient())
                .idempotencyKey(due.key()).format(formatId)
                .fileName(due.key() + "." + format.get().fileExtension()).content(content).marking(carried).build();
        try {
            plugins.call(due.recipient(), remaining(deadline), () -> {
                channel.get().deliver(delivery);
                return null;
            });
        } catch (PluginThreads.TimedOut e) {
            fail(due, "the channel to " + due.recipient() + " did not finish delivering " + due.key() + " within "
                    + timeout + " ms" + (recordCount >= 0 ? " (encoding included)" : ""));
            return Outcome.JOURNALED;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            fail(due, cause instanceof DeliveryException || cause instanceof RuntimeException
                    ? (cause.getMessage() == null ? cause.toString() : cause.getMessage())
                    : "the channel failed: " + cause);
            return Outcome.JOURNALED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the engine stops: the delivery stays due, attempts unchanged
            return Outcome.JOURNALED;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("delivery", due.key());
        fields.put("exchange", due.exchangeId());
        fields.put("to", due.recipient());
        fields.put("format", formatId);
        if (plugin != null) {
            fields.put("plugin", plugin);
        }
        if (recordCount >= 0) {
            fields.put("records", recordCount);
        }
        fields.put("bytes", content.length);
        fields.put("attempt", due.attempts() + 1);
        audit.record("delivered", fields);
        return Outcome.DELIVERED;
    }

    /**
     * The bundle and version that provide a partner's format, as the registry describes them ("bsn version"), for
     * the audit trail; null when the registry has no description of it (it went away meanwhile).
     */
    private String pluginOf(String partner, String formatId) {
        for (String owner : List.of(partner, PartnerFormat.ANY_PARTNER)) {
            Optional<PluginDescription> description = registry.partner(owner).flatMap(plugins -> plugins.formats()
                    .stream().filter(candidate -> candidate.id().equals(formatId)).findFirst());
            if (description.isPresent()) {
                return description.get().bundleSymbolicName() + " " + description.get().bundleVersion();
            }
        }
        return null;
    }

    /** Encoded content, the records the format left out, and the marking the delivery carries beside it. */
    private record Encoded(byte[] content, List<RecordError> leftOut, HandlingMarking carried) {
    }

    /** Runs on one of the recipient's plugin threads. */
    private static Encoded encode(PartnerFormat format, List<DataRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> leftOut = format.encode(records, out);
        HandlingMarking carried = null;
        if (!leftOut.isEmpty()) {
            // Many partner formats have no place for a handling marking and refuse marked records: then
            // the records go without it and the delivery carries it, for the channel to pass on.
            ByteArrayOutputStream unmarked = new ByteArrayOutputStream();
            List<RecordError> leftOutUnmarked = format.encode(withoutMarkings(records), unmarked);
            if (leftOutUnmarked.size() < leftOut.size()) {
                out = unmarked;
                leftOut = leftOutUnmarked;
                carried = strictest(records);
            }
        }
        return new Encoded(out.toByteArray(), leftOut, carried);
    }

    /** What is left of the attempt's time limit, in milliseconds; at least 1, so that a call is still tried. */
    private static long remaining(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** The records without their own markings, through each record's builder. */
    private static List<DataRecord> withoutMarkings(List<DataRecord> records) {
        List<DataRecord> unmarked = new ArrayList<>(records.size());
        for (DataRecord record : records) {
            try {
                Object builder = record.getClass().getMethod("toBuilder").invoke(record);
                builder.getClass().getMethod("marking", HandlingMarking.class).invoke(builder, (Object) null);
                unmarked.add((DataRecord) builder.getClass().getMethod("build").invoke(builder));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot copy a " + record.type().id() + " record: " + e, e);
            }
        }
        return unmarked;
    }

    /** The most restrictive marking of the records: the highest TLP label, with every handling code. */
    static HandlingMarking strictest(List<DataRecord> records) {
        Tlp tlp = null;
        Set<String> codes = new TreeSet<>();
        for (DataRecord record : records) {
            if (record.marking().isPresent()) {
                HandlingMarking marking = record.marking().get();
                tlp = tlp == null || marking.tlp().isAbove(tlp) ? marking.tlp() : tlp;
                codes.addAll(marking.handlingCodes());
            }
        }
        return tlp == null ? null : HandlingMarking.builder().tlp(tlp).handlingCodes(codes).build();
    }

    private void waitFor(DueDelivery due, String what) throws JournalException {
        journal.markWaiting(due.key(), what, Instant.now().plusMillis(PLUGIN_WAIT_MILLIS));
    }

    private void fail(DueDelivery due, String error) throws JournalException {
        int attempts = due.attempts() + 1;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("delivery", due.key());
        fields.put("to", due.recipient());
        fields.put("attempt", attempts);
        fields.put("error", error);
        if (attempts >= maxAttempts) {
            audit.record("dead-letter", fields);
            audit.flush();
            journal.markDeadLetter(due.key(), attempts, error);
        } else {
            long delay = backoff.delayMillis(attempts);
            fields.put("retryInMillis", delay);
            audit.record("delivery-failed", fields);
            audit.flush();
            journal.markRetry(due.key(), attempts, error, Instant.now().plusMillis(delay));
        }
    }
}
