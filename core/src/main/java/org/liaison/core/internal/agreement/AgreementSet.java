package org.liaison.core.internal.agreement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.liaison.api.model.Agreement;
import org.liaison.api.model.Partner;
import org.liaison.api.model.Project;

/**
 * One complete, validated agreement configuration: the partners, purposes, projects and agreements loaded together
 * from the files of {@code conf/agreements/}. Immutable; it is swapped whole when the files change, so a decision
 * never sees half of one set and half of another.
 *
 * <p>Every cross-reference in a set resolves: an agreement's parties, parent, purposes and project exist, and a
 * supplementary agreement's parent is not itself missing.
 */
final class AgreementSet {

    /** A file the set was loaded from, with the SHA-256 of the content that was read. */
    record SourceFile(String name, String sha256) {
    }

    /** The record-type key of a delivery format that applies to every type without a format of its own. */
    static final String ANY_TYPE = "*";

    private static final AgreementSet EMPTY = new AgreementSet(Map.of(), Map.of(), Map.of(), Map.of(), List.of());

    private final Map<String, Partner> partners;
    private final Map<String, String> purposes;
    private final Map<String, Project> projects;
    private final Map<String, Agreement> agreements;
    private final Map<String, Route> routes;
    private final Map<String, Map<String, String>> deliveryFormats;
    private final Map<String, List<Direction>> directions;
    private final Map<String, List<M49.Region>> regions;
    private final Map<String, Consent> consents;
    private final List<SourceFile> files;
    private final String hash;

    /** A set without routes or delivery formats. */
    AgreementSet(Map<String, Partner> partners, Map<String, String> purposes, Map<String, Project> projects,
            Map<String, Agreement> agreements, List<SourceFile> files) {
        this(partners, purposes, projects, agreements, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), files);
    }

    /**
     * @param partners        partners by id
     * @param purposes        purpose descriptions by purpose id
     * @param projects        projects by id
     * @param agreements      agreements by id, in the order they were read
     * @param routes          routes by id, in the order they were read
     * @param deliveryFormats per partner, the format it receives each record type in (key: the record type id, or
     *                        {@value #ANY_TYPE} for every type without a format of its own)
     * @param directions      the one-way provisions of the agreements that have any, by agreement id
     * @param regions         the UN M49 regions named in the geographic scope of the agreements that name any, by
     *                        agreement id (their countries are in the agreement's scope already)
     * @param consents        consents to onward transfer by id, in the order they were read
     * @param files           the files read
     */
    AgreementSet(Map<String, Partner> partners, Map<String, String> purposes, Map<String, Project> projects,
            Map<String, Agreement> agreements, Map<String, Route> routes,
            Map<String, Map<String, String>> deliveryFormats, Map<String, List<Direction>> directions,
            Map<String, List<M49.Region>> regions, Map<String, Consent> consents, List<SourceFile> files) {
        this.partners = Collections.unmodifiableMap(new LinkedHashMap<>(partners));
        this.purposes = Collections.unmodifiableMap(new LinkedHashMap<>(purposes));
        this.projects = Collections.unmodifiableMap(new LinkedHashMap<>(projects));
        this.agreements = Collections.unmodifiableMap(new LinkedHashMap<>(agreements));
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        Map<String, Map<String, String>> formats = new LinkedHashMap<>();
        deliveryFormats.forEach((partner, byType) -> formats.put(partner, Map.copyOf(byType)));
        this.deliveryFormats = Collections.unmodifiableMap(formats);
        Map<String, List<Direction>> oneWay = new LinkedHashMap<>();
        directions.forEach((agreement, provisions) -> oneWay.put(agreement, List.copyOf(provisions)));
        this.directions = Collections.unmodifiableMap(oneWay);
        Map<String, List<M49.Region>> named = new LinkedHashMap<>();
        regions.forEach((agreement, list) -> named.put(agreement, List.copyOf(list)));
        this.regions = Collections.unmodifiableMap(named);
        this.consents = Collections.unmodifiableMap(new LinkedHashMap<>(consents));
        this.files = List.copyOf(files);
        this.hash = hash(this.files);
    }

    /**
     * The configuration hash: SHA-256 over the name and SHA-256 of every file read, in name order, one
     * {@code <name> <sha256>} line each. Two sets read from the same files have the same hash; journal entries and
     * audit entries name the set that decided with it, and {@code sha256sum} over the folders' files recomputes it.
     */
    private static String hash(List<SourceFile> files) {
        StringBuilder lines = new StringBuilder();
        files.stream().sorted(Comparator.comparing(SourceFile::name))
                .forEach(file -> lines.append(file.name()).append(' ').append(file.sha256()).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The set in force before any configuration was loaded: it covers nothing. */
    static AgreementSet empty() {
        return EMPTY;
    }

    Map<String, Partner> partners() {
        return partners;
    }

    Optional<Partner> partner(String id) {
        return Optional.ofNullable(partners.get(id));
    }

    /** Purpose descriptions by purpose id: the purposes an exchange may name. */
    Map<String, String> purposes() {
        return purposes;
    }

    Map<String, Project> projects() {
        return projects;
    }

    Map<String, Agreement> agreements() {
        return agreements;
    }

    Optional<Agreement> agreement(String id) {
        return Optional.ofNullable(agreements.get(id));
    }

    /**
     * An agreement's one-way provisions ({@link Direction}), in the order written; empty when every area of it goes
     * both ways. A supplementary agreement has its own: its parent's concern the parent's areas.
     */
    List<Direction> directions(String agreementId) {
        return directions.getOrDefault(agreementId, List.of());
    }

    /** The UN M49 regions an agreement's geographic scope names, in the order written; empty when it names none. */
    List<M49.Region> regions(String agreementId) {
        return regions.getOrDefault(agreementId, List.of());
    }

    /** Consents to onward transfer by id, in the order read. */
    Map<String, Consent> consents() {
        return consents;
    }

    /** Routes by id. */
    Map<String, Route> routes() {
        return routes;
    }

    /**
     * The format a partner receives a record type in: the one configured for the type, else the one configured for
     * {@value #ANY_TYPE}; empty when neither is, and the canonical JSON format serves.
     */
    Optional<String> deliveryFormat(String partner, String recordType) {
        Map<String, String> byType = deliveryFormats.getOrDefault(partner, Map.of());
        return Optional.ofNullable(byType.getOrDefault(recordType, byType.get(ANY_TYPE)));
    }

    List<SourceFile> files() {
        return files;
    }

    /** The configuration hash of the set (see {@link #hash(List)}); the empty set has the hash of no files. */
    String hash() {
        return hash;
    }
}
