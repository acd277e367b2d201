package org.liaison.core.internal.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.Exchange;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.RecordType;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.Payload;
import org.liaison.core.internal.agreement.AgreementPolicy.RecipientDecision;
import org.liaison.core.internal.agreement.AgreementService;
import org.liaison.core.internal.agreement.Route;
import org.liaison.core.internal.audit.AuditTrail;
import org.liaison.core.internal.journal.JournalException;
import org.liaison.core.internal.journal.NewDelivery;
import org.liaison.core.internal.journal.NewExchange;
import org.liaison.core.internal.journal.StoredPayload;

/**
 * Turns one journaled payload into exchanges: decodes it with the sender's format, quarantines what cannot be
 * decoded, routes the records, asks the agreement policy about every recipient, and returns what to journal. It
 * touches nothing durable itself but the quarantine folder; the caller journals the outcome in one transaction.
 */
final class PayloadProcessor {

    /** What to journal for a payload, or null exchanges when it must wait (a plugin it needs is absent). */
    record Outcome(List<NewExchange> exchanges, String quarantineReason, String waitingFor) {

        static Outcome waiting(String what) {
            return new Outcome(null, null, what);
        }
    }

    private static final int HEAD_BYTES = 4096;
    /** The decode time limit when none is configured; as {@link EngineConfig#decodeTimeoutMillis()}. */
    static final long DEFAULT_DECODE_TIMEOUT_MILLIS = 30_000;

    private final PluginRegistry registry;
    private final AgreementService agreements;
    private final AuditTrail audit;
    private final Canonical canonical;
    private final Path quarantine;
    private final PluginThreads decoders = new PluginThreads("liaison-decode-", 1);
    private final RecordOrigins origins;
    private volatile long decodeTimeoutMillis;

    /**
     * Where records a partner sends came from, when Liaison delivered them to that partner before
     * ({@link org.liaison.core.internal.journal.Journal#originsOf}).
     */
    @FunctionalInterface
    interface RecordOrigins {
        /** The originator of each record key found; keys never delivered to the partner are absent. */
        Map<String, String> of(String partner, Collection<String> recordKeys) throws JournalException;
    }

    PayloadProcessor(PluginRegistry registry, AgreementService agreements, AuditTrail audit, Path quarantine) {
        this(registry, agreements, audit, quarantine, DEFAULT_DECODE_TIMEOUT_MILLIS, (partner, keys) -> Map.of());
    }

    /**
     * @param decodeTimeoutMillis how long a format may take to decode one payload
     * @param origins             where records came from that the sender received through Liaison before
     */
    PayloadProcessor(PluginRegistry registry, AgreementService agreements, AuditTrail audit, Path quarantine,
            long decodeTimeoutMillis, RecordOrigins origins) {
        this.origins = origins;
        this.registry = registry;
        this.agreements = agreements;
        this.audit = audit;
        this.canonical = new Canonical(registry);
        this.quarantine = quarantine;
        this.decodeTimeoutMillis = decodeTimeoutMillis;
    }

    /** Takes a new decode time limit, for the decodes that start from now on. */
    void decodeTimeout(long millis) {
        this.decodeTimeoutMillis = millis;
    }

    /** Ends the decode threads, interrupting decodes in progress. */
    void close() {
        decoders.close();
    }

    /**
     * Decides one payload. The sender's formats are asked, and the chosen one decodes, on the partner's own decode
     * thread ({@link PluginThreads}), within the decode time limit: a format that hangs gets its payload
     * quarantined with the reason once the limit is reached, and its thread is abandoned; one that throws anything,
     * errors such as {@link StackOverflowError} or {@link OutOfMemoryError} included, gets it quarantined with what
     * it threw. Either way the payload is completed, never retried for ever. The exception: when the format went
     * away meanwhile (its plugin was updated or uninstalled during the call), the failure says nothing about the
     * input, and the payload waits for the format that replaces it.
     *
     * @throws InterruptedIOException when the calling thread was interrupted (the engine stops); nothing happened
     */
    Outcome process(StoredPayload stored) throws IOException {
        if (!agreements.inForce()) {
            // decided against no configuration, every record would be denied or routed nowhere, for good
            return Outcome.waiting("an agreement configuration in force (none has loaded: see liaison:agreements)");
        }
        if (!canonical.available()) {
            return Outcome.waiting("the canonical-json plugin, which the journal keeps records in");
        }
        Payload payload = Payload.ofBytes(stored.partner(), stored.name(), stored.content());
        byte[] head = Arrays.copyOf(stored.content(), Math.min(HEAD_BYTES, stored.content().length));
        List<PartnerFormat> formats = registry.formats(stored.partner());
        AtomicReference<PartnerFormat> chosen = new AtomicReference<>();
        Decoding decoding;
        long timeout = decodeTimeoutMillis;
        try {
            decoding = decoders.call(stored.partner(), timeout, () -> decode(formats, stored.name(), head, payload,
                    chosen));
        } catch (PluginThreads.TimedOut e) {
            PartnerFormat format = chosen.get();
            if (format != null && gone(stored.partner(), format)) {
                return Outcome.waiting("a format of partner " + stored.partner() + " for " + stored.name()
                        + " (the one decoding it went away)");
            }
            String stuck = stuckNote(stored.partner());
            return quarantined(stored, (format == null
                    ? "the formats of " + stored.partner() + " did not finish looking at " + stored.name()
                    : "format " + describe(stored.partner(), format) + " did not finish decoding " + stored.name())
                    + " within " + timeout + " ms" + stuck, List.of());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof FormatException) {
                return quarantined(stored, cause.getMessage(), List.of());
            }
            PartnerFormat format = chosen.get();
            if (format != null && gone(stored.partner(), format)) {
                return Outcome.waiting("a format of partner " + stored.partner() + " for " + stored.name()
                        + " (the one decoding it went away: " + cause + ")");
            }
            return quarantined(stored, "the format failed: " + cause, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while decoding "
                    + stored.name());
            interrupted.initCause(e);
            throw interrupted;
        }
        PartnerFormat format = decoding.format();
        if (format == null) {
            boolean hasOwn = registry.partner(stored.partner()).map(p -> !p.formats().isEmpty()).orElse(false);
            if (!hasOwn) {
                return Outcome.waiting("a format plugin of partner " + stored.partner() + " that accepts "
                        + stored.name());
            }
            return quarantined(stored, "no format of partner " + stored.partner() + " accepts this input (formats: "
                    + registry.partner(stored.partner()).orElseThrow().formats() + ")", List.of());
        }
        List<DataRecord> records = decoding.records();
        List<RecordError> errors = decoding.errors();
        List<RecordError> warnings = decoding.warnings();
        if (!warnings.isEmpty()) {
            audit.record("input-values-left-out", Map.of("payload", stored.id(), "partner", stored.partner(),
                    "name", stored.name(), "warnings", warnings.stream().map(RecordError::message).limit(100)
                            .toList(), "count", warnings.size()));
        }
        String quarantineReason = null;
        if (!errors.isEmpty()) {
            quarantineReason = errors.size() + " of " + (records.size() + errors.size())
                    + " records could not be decoded";
            writeQuarantine(stored, quarantineReason, errors);
        }
        List<NewExchange> exchanges = route(stored, records);
        if (exchanges == null) {
            return Outcome.waiting("the canonical-json plugin, which the journal keeps records in");
        }
        return new Outcome(exchanges, exchanges.isEmpty() ? quarantineReasonOrNull(quarantineReason, records)
                : null, null);
    }

    /** A payload whose good records were all routed nowhere is not quarantined: nothing was wrong with it. */
    private static String quarantineReasonOrNull(String reason, List<DataRecord> records) {
        return records.isEmpty() ? reason : null;
    }

    /** What the sender's format made of a payload; a null format when none accepts it. */
    private record Decoding(PartnerFormat format, List<DataRecord> records, List<RecordError> errors,
            List<RecordError> warnings) {
    }

    /**
     * Runs on the partner's decode thread: picks the first format that accepts the input and decodes it. What it
     * collects is handed over only when it returns, so a decode given up on cannot touch what the engine uses.
     */
    private static Decoding decode(List<PartnerFormat> formats, String name, byte[] head, Payload payload,
            AtomicReference<PartnerFormat> chosen) throws FormatException {
        PartnerFormat format = formats.stream().filter(candidate -> accepts(candidate, name, head)).findFirst()
                .orElse(null);
        if (format == null) {
            return new Decoding(null, List.of(), List.of(), List.of());
        }
        chosen.set(format);
        List<DataRecord> records = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        List<RecordError> warnings = new ArrayList<>();
        format.decode(payload, new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                records.add(record);
            }

            @Override
            public void error(RecordError error) {
                errors.add(error);
            }

            @Override
            public void warning(RecordError warning) {
                warnings.add(warning);
            }
        });
        return new Decoding(format, records, errors, warnings);
    }

    /** Whether the format is no longer among the partner's (its plugin was updated or uninstalled). */
    private boolean gone(String partner, PartnerFormat format) {
        return registry.formats(partner).stream().noneMatch(candidate -> candidate == format);
    }

    /** {@code <partner>/<format id>} of a format of the partner, or of one for every partner; else its class. */
    private String describe(String partner, PartnerFormat format) {
        for (String owner : List.of(partner, PartnerFormat.ANY_PARTNER)) {
            for (PluginDescription description : registry.partner(owner).map(PartnerPlugins::formats)
                    .orElse(List.of())) {
                if (registry.format(owner, description.id()).orElse(null) == format) {
                    return description.partner() + "/" + description.id();
                }
            }
        }
        return partner + "/" + format.getClass().getName();
    }

    private String stuckNote(String partner) {
        int stuck = decoders.stuck(partner);
        return stuck > 1 ? " (" + stuck + " decode threads of " + partner + " given up on are still stuck)" : "";
    }

    private static boolean accepts(PartnerFormat format, String name, byte[] head) {
        try {
            return format.accepts(name, head);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Outcome quarantined(StoredPayload stored, String reason, List<RecordError> errors) throws IOException {
        writeQuarantine(stored, reason, errors);
        return new Outcome(List.of(), reason, null);
    }

    /** The key a record is traced by in the journal: {@code <record type>:<record id>}. */
    static String recordKey(DataRecord record) {
        return record.type().id() + ":" + record.id();
    }

    /**
     * Groups records by route, type and originator, one exchange each, and decides every recipient. A record the
     * sender received through Liaison before keeps the partner it first came from as the exchange's originator,
     * whatever the sender says, so that the agreements' onward-transfer rules apply to it.
     */
    private List<NewExchange> route(StoredPayload stored, List<DataRecord> records) throws IOException {
        Map<String, List<DataRecord>> groups = new LinkedHashMap<>();
        Map<String, Route> routeOfGroup = new LinkedHashMap<>();
        Map<String, String> originatorOfGroup = new LinkedHashMap<>();
        List<Route> routes = agreements.routesFrom(stored.partner());
        Map<String, String> originOfRecord;
        try {
            originOfRecord = routes.isEmpty() ? Map.of()
                    : origins.of(stored.partner(), records.stream().map(PayloadProcessor::recordKey).toList());
        } catch (JournalException e) {
            throw new IOException("cannot look up where the records of payload " + stored.id() + " came from: "
                    + e.getMessage(), e);
        }
        int unrouted = 0;
        for (DataRecord record : records) {
            boolean routed = false;
            String originator = originOfRecord.get(recordKey(record));
            if (stored.partner().equals(originator)) {
                originator = null; // its own record, come back
            }
            for (Route route : routes) {
                if (route.carries(record.type())) {
                    String group = route.id() + "-" + record.type().id()
                            + (originator == null ? "" : "-from-" + originator);
                    groups.computeIfAbsent(group, g -> new ArrayList<>()).add(record);
                    routeOfGroup.put(group, route);
                    if (originator != null) {
                        originatorOfGroup.put(group, originator);
                    }
                    routed = true;
                }
            }
            if (!routed) {
                unrouted++;
            }
        }
        if (unrouted > 0) {
            audit.record("input-unrouted", Map.of("payload", stored.id(), "partner", stored.partner(),
                    "name", stored.name(), "records", unrouted));
        }
        List<NewExchange> exchanges = new ArrayList<>(groups.size());
        for (Map.Entry<String, List<DataRecord>> group : groups.entrySet()) {
            Route route = routeOfGroup.get(group.getKey());
            String exchangeId = "ex-" + stored.id() + "-" + group.getKey();
            Instant now = Instant.now();
            String originator = originatorOfGroup.get(group.getKey());
            Exchange exchange = Exchange.builder().id(exchangeId).sender(stored.partner()).recipients(route.to())
                    .area(route.area()).purpose(route.purpose()).marking(HandlingMarking.of(route.marking()))
                    .originator(originator).createdAt(now).records(group.getValue()).build();
            List<NewDelivery> deliveries = new ArrayList<>(route.to().size());
            for (String recipient : route.to()) {
                RecipientDecision decision = agreements.decide(exchange, recipient);
                String key = exchangeId + "." + recipient;
                auditDecision(exchange, key, decision);
                if (decision.decision().allowed()) {
                    byte[] content = canonical.encode(decision.records()).orElse(null);
                    if (content == null) {
                        return null;
                    }
                    deliveries.add(new NewDelivery(key, recipient, "QUEUED", decision.decision().agreements(),
                            List.of(), decision.decision().removedFields(), content, decision.configuration(),
                            decision.records().stream().map(PayloadProcessor::recordKey).toList()));
                } else {
                    deliveries.add(new NewDelivery(key, recipient, "DENIED", List.of(),
                            decision.decision().reasons(), List.of(), null, decision.configuration()));
                }
            }
            exchanges.add(new NewExchange(exchangeId, stored.partner(), route.area().id(), route.purpose(),
                    exchange.marking().toString(), now, deliveries, originator));
        }
        return exchanges;
    }

    private void auditDecision(Exchange exchange, String key, RecipientDecision decision) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("exchange", exchange.id());
        fields.put("delivery", key);
        fields.put("from", exchange.sender());
        exchange.originator().ifPresent(originator -> fields.put("originator", originator));
        fields.put("to", decision.recipient());
        fields.put("area", exchange.area().id());
        fields.put("purpose", exchange.purpose());
        fields.put("records", exchange.records().size());
        fields.put("types", exchange.records().stream().map(DataRecord::type).map(RecordType::id).distinct()
                .toList());
        fields.put("verdict", decision.decision().allowed() ? "ALLOW" : "DENY");
        fields.put("agreements", decision.decision().agreements());
        fields.put("reasons", decision.decision().reasons());
        fields.put("removedFields", decision.decision().removedFields());
        if (!decision.decision().consents().isEmpty()) {
            fields.put("consents", decision.decision().consents());
        }
        fields.put("configuration", decision.configuration());
        audit.record("decision", fields);
    }

    /**
     * Writes the payload and a reason file next to it in {@code data/quarantine/<partner>/}: the reason, then one
     * line per bad record naming its position, its field and what was expected.
     */
    private void writeQuarantine(StoredPayload stored, String reason, List<RecordError> errors) throws IOException {
        Path folder = Files.createDirectories(quarantine.resolve(stored.partner()));
        String base = stored.id() + "-" + stored.name().replaceAll("[^A-Za-z0-9._-]", "_");
        write(folder.resolve(base), stored.content());
        StringBuilder text = new StringBuilder()
                .append("input: ").append(stored.name()).append(" from ").append(stored.partner())
                .append(" (journal payload ").append(stored.id()).append(", sha256 ").append(stored.sha256())
                .append(")\nreason: ").append(reason).append('\n');
        for (RecordError error : errors) {
            text.append(error.message()).append('\n');
        }
        write(folder.resolve(base + ".reason.txt"), text.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("payload", stored.id());
        fields.put("partner", stored.partner());
        fields.put("name", stored.name());
        fields.put("reason", reason);
        fields.put("errors", errors.stream().map(RecordError::message).limit(100).toList());
        fields.put("file", folder.resolve(base).toString());
        audit.record("input-quarantined", fields);
    }

    /** Writes under a temporary name and renames, so a half-written quarantine file is never seen. */
    private static void write(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".part");
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
