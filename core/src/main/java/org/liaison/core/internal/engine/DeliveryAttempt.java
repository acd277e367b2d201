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

import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.DataRecord;
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
 */
final class DeliveryAttempt {

    /** How long a delivery waits for an absent plugin before it is looked at again. */
    static final long PLUGIN_WAIT_MILLIS = 1_000;

    private final PluginRegistry registry;
    private final AgreementService agreements;
    private final Journal journal;
    private final AuditTrail audit;
    private final Canonical canonical;
    private volatile Backoff backoff;
    private volatile int maxAttempts;

    DeliveryAttempt(PluginRegistry registry, AgreementService agreements, Journal journal, AuditTrail audit,
            Backoff backoff, int maxAttempts) {
        this.registry = registry;
        this.agreements = agreements;
        this.journal = journal;
        this.audit = audit;
        this.canonical = new Canonical(registry);
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
    }

    /** Takes new retry settings; attempts already scheduled keep their time. */
    void retune(Backoff newBackoff, int newMaxAttempts) {
        this.backoff = newBackoff;
        this.maxAttempts = newMaxAttempts;
    }

    void attempt(DueDelivery due) throws JournalException {
        if (!canonical.available()) {
            waitFor(due, "the canonical-json plugin");
            return;
        }
        String type = Canonical.firstRecordType(due.content()).orElse("*");
        String formatId = agreements.deliveryFormat(due.recipient(), type).orElse(Canonical.FORMAT);
        Optional<PartnerFormat> format = registry.format(due.recipient(), formatId);
        if (format.isEmpty()) {
            waitFor(due, "format " + formatId + " of " + due.recipient());
            return;
        }
        Optional<ExchangeChannel> channel = registry.channel(due.recipient());
        if (channel.isEmpty()) {
            waitFor(due, "a channel to " + due.recipient());
            return;
        }
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
                return;
            }
            if (records.isEmpty()) {
                waitFor(due, "the canonical-json plugin");
                return;
            }
            recordCount = records.get().size();
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                List<RecordError> leftOut = format.get().encode(records.get(), out);
                if (!leftOut.isEmpty()) {
                    // Many partner formats have no place for a handling marking and refuse marked records: then
                    // the records go without it and the delivery carries it, for the channel to pass on.
                    ByteArrayOutputStream unmarked = new ByteArrayOutputStream();
                    List<RecordError> leftOutUnmarked = format.get().encode(withoutMarkings(records.get()),
                            unmarked);
                    if (leftOutUnmarked.size() < leftOut.size()) {
                        out = unmarked;
                        leftOut = leftOutUnmarked;
                        carried = strictest(records.get());
                    }
                }
                if (!leftOut.isEmpty()) {
                    audit.record("delivery-records-left-out", Map.of("delivery", due.key(), "format", formatId,
                            "errors", leftOut.stream().map(RecordError::message).limit(100).toList()));
                }
                content = out.toByteArray();
            } catch (IOException | RuntimeException e) {
                fail(due, "format " + formatId + " could not encode: " + e);
                return;
            }
        }
        Delivery delivery = Delivery.builder().exchangeId(due.exchangeId()).recipient(due.recipient())
                .idempotencyKey(due.key()).format(formatId)
                .fileName(due.key() + "." + format.get().fileExtension()).content(content).marking(carried).build();
        try {
            channel.get().deliver(delivery);
        } catch (DeliveryException | RuntimeException e) {
            fail(due, e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("delivery", due.key());
        fields.put("exchange", due.exchangeId());
        fields.put("to", due.recipient());
        fields.put("format", formatId);
        if (recordCount >= 0) {
            fields.put("records", recordCount);
        }
        fields.put("bytes", content.length);
        fields.put("attempt", due.attempts() + 1);
        audit.record("delivered", fields);
        // on disk before the journal says delivered: a crash in between only repeats the delivery
        audit.flush();
        journal.markDelivered(due.key(), Instant.now());
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
        journal.markRetry(due.key(), due.attempts(), "waiting for " + what,
                Instant.now().plusMillis(PLUGIN_WAIT_MILLIS));
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
