package org.liaison.core.internal.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.CooperationArea;
import org.liaison.api.model.Exchange;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.DataRecord;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.Delivery;
import org.liaison.api.transport.DeliveryException;
import org.liaison.api.transport.ExchangeChannel;
import org.liaison.core.internal.agreement.AgreementPolicy.RecipientDecision;
import org.liaison.core.internal.agreement.AgreementService;
import org.liaison.core.internal.audit.AuditTrail;
import org.liaison.core.internal.journal.DueDelivery;
import org.liaison.core.internal.journal.Journal;
import org.liaison.core.internal.journal.JournalException;

/**
 * One attempt at each of a group of due deliveries to one recipient: decides each again with the agreements in
 * force, encodes the journaled records in the recipient's format, hands the group to the recipient's channel, and
 * records each outcome: delivered (its audit entry, for the caller to journal), denied, journaled as retried later
 * with backoff, or dead-lettered after the last attempt. A recipient whose format or channel is not plugged in keeps
 * its deliveries queued, without using up attempts, until the plugin appears.
 *
 * <p><b>Decided again before it leaves.</b> Every attempt, a first one, one after waiting for a plugin, a retry, or
 * one after a replay, checks the delivery against the configuration in force when it is handed to the channel. The
 * policy is a pure function of the configuration and the exchange, and judges validity by the day (UTC): a delivery
 * whose last decision was taken under the configuration in force (the same hash) on the same day would be decided
 * the same way, so the journaled content goes as it is. Otherwise the journaled records are decided again: a denial
 * makes the delivery DENIED with the reasons and the configuration's hash, in the journal and the audit trail (it
 * keeps its content for a replay); an ALLOW is audited ({@code delivery-decided-again}) and the records go as this
 * decision lets them go (an edit that excludes more fields removes them now). Right before the hand-over the hash
 * and the day are compared once more, and deliveries decided under a configuration replaced meanwhile are decided
 * again.
 *
 * <p>The recipient's format and channel run on the recipient's own plugin threads ({@link PluginThreads}), each call
 * with the time limit: encoding one delivery, handing over one group. Past it the call is interrupted and abandoned,
 * its thread is replaced, and the attempt of each delivery concerned counts as failed with the reason: retried with
 * backoff, a dead letter after the last attempt. The delivery thread is free again at once, so a hanging channel
 * costs the other recipients nothing. A channel that finishes after it was given up on may still have delivered: the
 * retry then delivers again with the same idempotency key, as after a crash (delivery is at least once). Anything a
 * format or channel throws, errors included, is a failed attempt.
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
     * @param timeoutMillis        how long encoding one delivery, or handing over one group, may take
     * @param callsPerRecipient    how many calls of one recipient's plugins may run at once (the delivery threads)
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

    /** Takes a new time limit for encoding and handing over deliveries, for the calls that start from now on. */
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
        /** The configuration in force no longer covers it: journaled and audited as DENIED, with its content. */
        DENIED,
        /**
         * Journaled already: failed and due again later, or dead-lettered; or not made because the engine stops.
         */
        JOURNALED,
        /**
         * Journaled as failed together with the rest of its group: the channel threw or ran out of time for the
         * group as a whole, which says nothing about this delivery in particular; it is best tried on its own.
         */
        FAILED_WITH_GROUP
    }

    /**
     * Makes one attempt at each delivery of a group, all to one recipient: encodes each (on the recipient's plugin
     * threads, each within the time limit), then hands those encoded to the recipient's channel together
     * ({@link ExchangeChannel#deliverAll}, within the time limit once for the group). A delivery that cannot be
     * encoded, or that the channel reports as failed, fails alone; a channel that throws or runs out of time fails
     * every delivery it was given.
     *
     * @param group due deliveries to one recipient
     * @param unrecorded told of each delivery whose outcome could not be journaled (it stays due as it was)
     * @return the outcome of each delivery of the group, by identity
     */
    Map<DueDelivery, Outcome> attempt(List<DueDelivery> group, BiConsumer<DueDelivery, Exception> unrecorded) {
        Map<DueDelivery, Outcome> outcomes = new IdentityHashMap<>();
        if (group.isEmpty()) {
            return outcomes;
        }
        String recipient = group.get(0).recipient();
        Optional<ExchangeChannel> channel = registry.channel(recipient);
        List<Prepared> ready = new ArrayList<>(group.size());
        Map<String, String> pluginOfFormat = new HashMap<>(); // looked up once per group, not per delivery
        for (DueDelivery due : group) {
            try {
                if (!due.recipient().equals(recipient)) {
                    throw new IllegalArgumentException("a group of deliveries to " + recipient + " holds " + due.key());
                }
                Prepared prepared = prepare(due, channel.isPresent(), pluginOfFormat, outcomes);
                if (prepared != null) {
                    ready.add(prepared);
                }
            } catch (JournalException | RuntimeException e) {
                outcomes.put(due, Outcome.JOURNALED);
                unrecorded.accept(due, e);
            }
        }
        ready = decidedUnderTheConfigurationInForce(ready, channel.isPresent(), pluginOfFormat, outcomes, unrecorded);
        if (!ready.isEmpty()) {
            handOver(channel.get(), recipient, ready, outcomes, unrecorded);
        }
        return outcomes;
    }

    /** How many times deliveries are prepared again when the configuration changes while they are prepared. */
    private static final int ROUNDS_WHILE_THE_CONFIGURATION_CHANGES = 3;

    /**
     * The prepared deliveries whose decision holds under the configuration in force now: those decided under one
     * that was replaced while they were encoded are prepared, and so decided, again. Should the configuration keep
     * changing, those left wait a little and are attempted again.
     */
    private List<Prepared> decidedUnderTheConfigurationInForce(List<Prepared> ready, boolean channelPresent,
            Map<String, String> pluginOfFormat, Map<DueDelivery, Outcome> outcomes,
            BiConsumer<DueDelivery, Exception> unrecorded) {
        List<Prepared> current = ready;
        for (int round = 0; ; round++) {
            DecidedUnder inForce = DecidedUnder.now(agreements);
            List<Prepared> stale = current.stream().filter(prepared -> !prepared.decidedUnder().equals(inForce))
                    .toList();
            if (stale.isEmpty()) {
                return current;
            }
            List<Prepared> kept = new ArrayList<>(current);
            kept.removeAll(stale);
            for (Prepared prepared : stale) {
                DueDelivery due = prepared.due();
                try {
                    Prepared again = round < ROUNDS_WHILE_THE_CONFIGURATION_CHANGES
                            ? prepare(due, channelPresent, pluginOfFormat, outcomes)
                            : waiting(due, "the agreement configuration to stop changing", outcomes);
                    if (again != null) {
                        kept.add(again);
                    }
                } catch (JournalException | RuntimeException e) {
                    outcomes.put(due, Outcome.JOURNALED);
                    unrecorded.accept(due, e);
                }
            }
            current = kept;
        }
    }

    /**
     * The configuration (its hash) and the day (UTC) a decision was taken under: the policy decides the same way
     * under the same configuration on the same day.
     */
    private record DecidedUnder(String configuration, LocalDate day) {

        static DecidedUnder now(AgreementService agreements) {
            return new DecidedUnder(agreements.configurationHash(), LocalDate.now(ZoneOffset.UTC));
        }

        /** What the journal says of the delivery's last decision; null when it does not say. */
        static DecidedUnder journaled(DueDelivery due) {
            DueDelivery.Terms terms = due.terms();
            return terms.decidedUnder() == null || terms.decidedAt() == null ? null
                    : new DecidedUnder(terms.decidedUnder(), LocalDate.ofInstant(terms.decidedAt(), ZoneOffset.UTC));
        }
    }

    /**
     * A delivery encoded and ready for the channel, with what its {@code delivered} entry tells and the
     * configuration it was decided under.
     */
    private record Prepared(DueDelivery due, Delivery delivery, String formatId, String plugin, int recordCount,
            DecidedUnder decidedUnder) {
    }

    /**
     * Encodes one delivery for the channel; null when the delivery's attempt is over already (its outcome is put
     * in {@code outcomes}): it waits for a plugin, or its encoding failed.
     */
    private Prepared prepare(DueDelivery due, boolean channelPresent, Map<String, String> pluginOfFormat,
            Map<DueDelivery, Outcome> outcomes) throws JournalException {
        if (!canonical.available()) {
            return waiting(due, "the canonical-json plugin", outcomes);
        }
        String type = Canonical.firstRecordType(due.content()).orElse("*");
        String formatId = agreements.deliveryFormat(due.recipient(), type).orElse(Canonical.FORMAT);
        Optional<PartnerFormat> format = registry.format(due.recipient(), formatId);
        if (format.isEmpty()) {
            return waiting(due, "format " + formatId + " of " + due.recipient(), outcomes);
        }
        if (!channelPresent) {
            return waiting(due, "a channel to " + due.recipient(), outcomes);
        }
        // named right after the format was found, so that the audit says which version encoded; a format whose
        // plugin went away meanwhile (a swap) is not used: the delivery waits for the plugin in place
        String plugin = pluginOfFormat.computeIfAbsent(formatId, id -> pluginOf(due.recipient(), id));
        if (plugin == null) {
            return waiting(due, "format " + formatId + " of " + due.recipient(), outcomes);
        }
        DecidedUnder inForce = DecidedUnder.now(agreements);
        boolean decideAgain = !inForce.equals(DecidedUnder.journaled(due));
        // the journaled records are decoded only when they are decided again or go in another format
        List<DataRecord> records = null;
        if (decideAgain || !formatId.equals(Canonical.FORMAT)) {
            Optional<List<DataRecord>> decoded;
            try {
                decoded = canonical.decode(due.key(), due.content());
            } catch (FormatException e) {
                return failed(due, e.getMessage(), outcomes);
            }
            if (decoded.isEmpty()) {
                return waiting(due, "the canonical-json plugin", outcomes);
            }
            records = decoded.get();
        }
        if (decideAgain) {
            RecipientDecision decision = decideAgain(due, records);
            inForce = new DecidedUnder(decision.configuration(), inForce.day());
            if (!decision.decision().allowed()) {
                return denied(due, decision, outcomes);
            }
            auditDecidedAgain(due, decision);
            records = decision.records();
        }
        byte[] content;
        int recordCount = -1;
        HandlingMarking carried = null;
        if (formatId.equals(Canonical.FORMAT)) {
            if (!decideAgain) {
                // the journal already holds the records in this very format: no need to decode and encode them
                content = due.content();
            } else {
                Optional<byte[]> encoded;
                try {
                    encoded = canonical.encode(records);
                } catch (IOException e) {
                    return failed(due, e.getMessage(), outcomes);
                }
                if (encoded.isEmpty()) {
                    return waiting(due, "the canonical-json plugin", outcomes);
                }
                content = encoded.get();
                recordCount = records.size();
            }
        } else {
            List<DataRecord> decided = records;
            recordCount = decided.size();
            long timeout = timeoutMillis;
            Encoded encoded;
            try {
                encoded = plugins.call(due.recipient(), timeout, () -> encode(format.get(), decided));
            } catch (PluginThreads.TimedOut e) {
                return failed(due, "format " + due.recipient() + "/" + formatId + " did not finish encoding "
                        + due.key() + " within " + timeout + " ms", outcomes);
            } catch (ExecutionException e) {
                return failed(due, "format " + formatId + " could not encode: "
                        + (e.getCause() == null ? e : e.getCause()), outcomes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the engine stops: the delivery stays due, attempts unchanged
                outcomes.put(due, Outcome.JOURNALED);
                return null;
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
        return new Prepared(due, delivery, formatId, plugin, recordCount, inForce);
    }

    /**
     * Decides a journaled delivery again with the configuration in force, on today's date. A journaled exchange that
     * cannot be rebuilt is denied with the reason: what cannot be decided does not leave.
     */
    private RecipientDecision decideAgain(DueDelivery due, List<DataRecord> records) {
        DueDelivery.Terms terms = due.terms();
        Exchange exchange;
        try {
            exchange = Exchange.builder().id(due.exchangeId()).sender(terms.sender()).recipients(due.recipient())
                    .area(CooperationArea.fromId(terms.area())).purpose(terms.purpose())
                    .marking(marking(terms.marking())).originator(terms.originator()).createdAt(Instant.now())
                    .records(records).build();
        } catch (RuntimeException e) {
            return RecipientDecision.denial(due.recipient(), "the journaled exchange " + due.exchangeId()
                    + " cannot be decided again: " + e.getMessage(), agreements.configurationHash());
        }
        return agreements.decide(exchange, due.recipient());
    }

    /** A marking as the journal holds it ({@link HandlingMarking#toString()}), or null for none. */
    static HandlingMarking marking(String journaled) {
        if (journaled == null || journaled.isBlank()) {
            return null;
        }
        String[] parts = journaled.strip().split(" +");
        return HandlingMarking.builder().tlp(Tlp.fromId(parts[0]))
                .handlingCodes(List.of(parts).subList(1, parts.length)).build();
    }

    /** Denied just before it left: audited and flushed first, then journaled DENIED with its content kept. */
    private Prepared denied(DueDelivery due, RecipientDecision decision, Map<DueDelivery, Outcome> outcomes)
            throws JournalException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("delivery", due.key());
        fields.put("exchange", due.exchangeId());
        fields.put("to", due.recipient());
        fields.put("attempt", due.attempts() + 1);
        fields.put("verdict", "DENY");
        fields.put("reasons", decision.decision().reasons());
        fields.put("configuration", decision.configuration());
        audit.record("delivery-denied", fields);
        audit.flush();
        journal.markDenied(due.key(), decision.decision().reasons(), decision.configuration(), Instant.now());
        outcomes.put(due, Outcome.DENIED);
        return null;
    }

    private void auditDecidedAgain(DueDelivery due, RecipientDecision decision) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("delivery", due.key());
        fields.put("exchange", due.exchangeId());
        fields.put("to", due.recipient());
        fields.put("attempt", due.attempts() + 1);
        fields.put("verdict", "ALLOW");
        fields.put("agreements", decision.decision().agreements());
        fields.put("removedFields", decision.decision().removedFields());
        if (!decision.decision().consents().isEmpty()) {
            fields.put("consents", decision.decision().consents());
        }
        fields.put("configuration", decision.configuration());
        audit.record("delivery-decided-again", fields);
    }

    private Prepared waiting(DueDelivery due, String what, Map<DueDelivery, Outcome> outcomes)
            throws JournalException {
        journal.markWaiting(due.key(), what, Instant.now().plusMillis(PLUGIN_WAIT_MILLIS));
        outcomes.put(due, Outcome.WAITING);
        return null;
    }

    private Prepared failed(DueDelivery due, String error, Map<DueDelivery, Outcome> outcomes)
            throws JournalException {
        fail(due, error);
        outcomes.put(due, Outcome.JOURNALED);
        return null;
    }

    /** Hands the prepared deliveries to the channel in one call, and records what became of each. */
    private void handOver(ExchangeChannel channel, String recipient, List<Prepared> ready,
            Map<DueDelivery, Outcome> outcomes, BiConsumer<DueDelivery, Exception> unrecorded) {
        List<Delivery> deliveries = ready.stream().map(Prepared::delivery).toList();
        long timeout = timeoutMillis;
        Map<Delivery, DeliveryException> failures;
        String groupFailure = null;
        try {
            failures = plugins.call(recipient, timeout, () -> channel.deliverAll(deliveries));
        } catch (PluginThreads.TimedOut e) {
            failures = Map.of();
            groupFailure = "the channel to " + recipient + " did not finish delivering "
                    + (ready.size() == 1 ? ready.get(0).due().key() : ready.size() + " deliveries") + " within "
                    + timeout + " ms";
        } catch (ExecutionException e) {
            failures = Map.of();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            groupFailure = cause instanceof DeliveryException || cause instanceof RuntimeException
                    ? (cause.getMessage() == null ? cause.toString() : cause.getMessage())
                    : "the channel failed: " + cause;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the engine stops: the deliveries stay due, attempts unchanged
            ready.forEach(prepared -> outcomes.put(prepared.due(), Outcome.JOURNALED));
            return;
        }
        if (failures == null) {
            failures = Map.of();
            groupFailure = "the channel to " + recipient + " answered nothing (deliverAll returned null)";
        }
        for (Prepared prepared : ready) {
            DueDelivery due = prepared.due();
            DeliveryException failure = failures.get(prepared.delivery());
            try {
                if (groupFailure != null || failure != null) {
                    fail(due, groupFailure != null ? groupFailure
                            : failure.getMessage() == null ? failure.toString() : failure.getMessage());
                    outcomes.put(due, groupFailure != null && ready.size() > 1 ? Outcome.FAILED_WITH_GROUP
                            : Outcome.JOURNALED);
                } else {
                    recordDelivered(prepared);
                    outcomes.put(due, Outcome.DELIVERED);
                }
            } catch (JournalException | RuntimeException e) {
                outcomes.put(due, Outcome.JOURNALED);
                unrecorded.accept(due, e);
            }
        }
    }

    private void recordDelivered(Prepared prepared) {
        DueDelivery due = prepared.due();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("delivery", due.key());
        fields.put("exchange", due.exchangeId());
        fields.put("to", due.recipient());
        fields.put("format", prepared.formatId());
        fields.put("plugin", prepared.plugin());
        if (prepared.recordCount() >= 0) {
            fields.put("records", prepared.recordCount());
        }
        fields.put("bytes", prepared.delivery().content().length);
        fields.put("attempt", due.attempts() + 1);
        audit.record("delivered", fields);
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
