package org.liaison.core.internal.agreement;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.liaison.api.model.Agreement;
import org.liaison.api.model.AgreementKind;
import org.liaison.api.model.AgreementStatus;
import org.liaison.api.model.CooperationArea;
import org.liaison.api.model.Exchange;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.OnwardTransfer;
import org.liaison.api.model.Project;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.GranularMarking;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.ThreatIndicator;

/**
 * Decides whether an agreement in force covers data moving from one partner to another: ALLOW, naming the
 * agreements that cover it, or DENY, with every reason. A pure function of one {@link AgreementSet}; whatever it
 * does not recognise or cannot match is denied (fail closed).
 *
 * <p>An agreement covers one record of an exchange when, on the exchange's date:
 * <ol>
 * <li>it is in force: status {@code in-force} and the date inside its validity window; a supplementary agreement
 * also needs its parent in force, so it ends when the parent ends;</li>
 * <li>both the sender and the recipient are parties (a supplement without parties of its own has its parent's);</li>
 * <li>the exchange's area is among its areas, and its purpose among its purposes (when it lists any); when the
 * agreement gives the area one or more directions, the sender and the recipient go one of those ways
 * ({@link Direction});</li>
 * <li>the record's type is among its record types (when it lists any);</li>
 * <li>one of the record's countries is in its geographic scope (when it has one; a project charter without a scope
 * of its own takes its project's participating countries); a record that names no country is not covered by an
 * agreement with a geographic scope;</li>
 * <li>neither the exchange's marking nor the record's own marking is above its handling ceiling, nor the marking of
 * any of the record's fields (STIX granular markings).</li>
 * </ol>
 * The exchange is allowed when every record is covered by some agreement. When the sender passes on data that it
 * received from another partner (the originator), an agreement between the originator and the sender must also
 * allow the onward transfer: the recipient is a party to it, or its onward-transfer rule is {@code permitted}.
 */
public final class AgreementPolicy {

    /** Record types whose records embed records of other types, whose excluded fields then apply too. */
    private static final Map<RecordType, Set<RecordType>> EMBEDDED = Map.of(
            RecordType.NOTICE, EnumSet.of(RecordType.PERSON),
            RecordType.SANCTION_LISTING, EnumSet.of(RecordType.PERSON, RecordType.ORGANISATION));

    private static final int COUNTRIES_SHOWN = 12;

    /** An agreement with its inherited terms resolved once, when the set is loaded. */
    private record Terms(Agreement agreement, Set<String> parties, List<Agreement> chain, LocalDate until,
            Set<String> countries, Map<RecordType, List<String>> exclusions, Set<CooperationArea> areas,
            Set<String> purposes, Set<RecordType> types, String areasText, String purposesText, String typesText,
            String scopeText, Map<CooperationArea, List<Direction>> directions) {

        String id() {
            return agreement.id();
        }

        /** Whether data may move from the sender to the recipient under the area: both ways unless directed. */
        boolean goes(CooperationArea area, String sender, String recipient) {
            List<Direction> ways = directions.get(area);
            if (ways == null) {
                return true;
            }
            for (Direction way : ways) {
                if (way.allows(sender, recipient)) {
                    return true;
                }
            }
            return false;
        }

        /** The ways the area goes, {@code interpol -> unpol; ...}, or null when it goes both ways. */
        String waysText(CooperationArea area) {
            List<Direction> ways = directions.get(area);
            return ways == null ? null : String.join("; ", ways.stream().map(Direction::text).toList());
        }

        /** The test of {@link #failures}, without building any message: the hot path of every ALLOW. */
        boolean covers(Proposal proposal, CooperationArea area, RecordType type, Proposal.Item item) {
            LocalDate date = proposal.date();
            for (Agreement link : chain) {
                if (link.status() != AgreementStatus.IN_FORCE || date.isBefore(link.validity().from())) {
                    return false;
                }
            }
            Tlp ceiling = agreement.handlingCeiling();
            return (until == null || !date.isAfter(until))
                    && areas.contains(area)
                    && (directions.isEmpty() || goes(area, proposal.sender(), proposal.recipient()))
                    && (purposes.isEmpty() || purposes.contains(proposal.purpose()))
                    && (type == null || types.isEmpty() || types.contains(type))
                    && (countries.isEmpty() || !item.countries().isEmpty()
                            && !Collections.disjoint(item.countries(), countries))
                    && !proposal.marking().isAbove(ceiling)
                    && (item.marking() == null || !item.marking().isAbove(ceiling));
        }
    }

    private final AgreementSet set;
    /** The agreements two partners share, by one partner and then the other, so a decision needs no search. */
    private final Map<String, Map<String, List<Terms>>> byPair = new HashMap<>();
    private final Map<String, Terms> byId = new HashMap<>();

    AgreementPolicy(AgreementSet set) {
        this.set = set;
        for (Agreement agreement : set.agreements().values()) {
            Terms terms = resolve(agreement);
            byId.put(agreement.id(), terms);
            for (String one : terms.parties()) {
                for (String other : terms.parties()) {
                    if (!one.equals(other)) {
                        byPair.computeIfAbsent(one, p -> new HashMap<>())
                                .computeIfAbsent(other, p -> new ArrayList<>()).add(terms);
                    }
                }
            }
        }
    }

    AgreementSet agreementSet() {
        return set;
    }

    private Terms resolve(Agreement agreement) {
        List<Agreement> chain = new ArrayList<>();
        Set<String> parties = agreement.parties();
        LocalDate until = agreement.validity().until().orElse(null);
        for (Agreement current = agreement; current != null;
                current = current.parent().flatMap(set::agreement).orElse(null)) {
            chain.add(current);
            if (parties.isEmpty()) {
                parties = current.parties();
            }
            LocalDate ends = current.validity().until().orElse(null);
            if (ends != null && (until == null || ends.isBefore(until))) {
                until = ends;
            }
        }
        Set<String> countries = agreement.geographicScope();
        if (countries.isEmpty() && agreement.kind() == AgreementKind.PROJECT_CHARTER) {
            countries = agreement.project().flatMap(id -> Optional.ofNullable(set.projects().get(id)))
                    .map(Project::participatingCountries).orElse(Set.of());
        }
        Map<RecordType, List<String>> exclusions = new HashMap<>();
        for (String field : agreement.excludedFields()) {
            RecordType type = RecordType.fromId(field.substring(0, field.indexOf('.')));
            exclusions.computeIfAbsent(type, t -> new ArrayList<>()).add(field);
        }
        Set<CooperationArea> areas = agreement.areas().isEmpty() ? EnumSet.noneOf(CooperationArea.class)
                : EnumSet.copyOf(agreement.areas());
        Set<RecordType> types = agreement.recordTypes().isEmpty() ? EnumSet.noneOf(RecordType.class)
                : EnumSet.copyOf(agreement.recordTypes());
        Map<CooperationArea, List<Direction>> directions = new EnumMap<>(CooperationArea.class);
        for (Direction direction : set.directions(agreement.id())) {
            directions.computeIfAbsent(direction.area(), a -> new ArrayList<>()).add(direction);
        }
        return new Terms(agreement, Set.copyOf(parties), List.copyOf(chain), until, Set.copyOf(countries),
                exclusions, areas, new HashSet<>(agreement.purposes()), types, ids(agreement.areas()),
                new TreeSet<>(agreement.purposes()).toString(), ids(agreement.recordTypes()),
                scopeText(agreement, countries), directions);
    }

    /**
     * The geographic scope for messages: the UN M49 regions it names, then the countries given one by one
     * ({@code [Latin America and the Caribbean (M49:419), Western Africa (M49:011)]}); the countries alone when it
     * names no region.
     */
    private String scopeText(Agreement agreement, Set<String> countries) {
        List<M49.Region> regions = set.regions(agreement.id());
        if (regions.isEmpty()) {
            return shortList(Set.copyOf(countries));
        }
        Set<String> alone = new TreeSet<>(countries);
        List<String> parts = new ArrayList<>();
        for (M49.Region region : regions) {
            parts.add(region.label());
            alone.removeAll(region.countries());
        }
        if (!alone.isEmpty()) {
            parts.add(shortList(alone));
        }
        return parts.toString();
    }

    /**
     * What one recipient of an exchange gets: the decision and, when allowed, the records as they are delivered
     * (excluded fields removed, the exchange's marking on every record without its own).
     *
     * @param configuration the hash of the configuration that decided ({@link AgreementSet#hash()})
     */
    public record RecipientDecision(String recipient, Decision decision, List<DataRecord> records,
            String configuration) {

        /** A denial for a reason found outside the policy (what cannot be decided is denied). */
        public static RecipientDecision denial(String recipient, String reason, String configuration) {
            return new RecipientDecision(recipient, Decision.deny(List.of(reason)), List.of(), configuration);
        }
    }

    /** Decides an exchange for one of its recipients, on the exchange's creation day (UTC). */
    RecipientDecision decide(Exchange exchange, String recipient) {
        List<Proposal.Item> items = new ArrayList<>(exchange.records().size());
        for (DataRecord record : exchange.records()) {
            items.add(new Proposal.Item(record.type().id(), RecordCountries.of(record), strictestTlp(record)));
        }
        // the record ids matter only to consents for passing data on: collected only for data passed on
        Set<String> recordIds = exchange.originator().isEmpty() ? Set.of()
                : exchange.records().stream().map(DataRecord::id).collect(Collectors.toSet());
        Proposal proposal = new Proposal(exchange.sender(), recipient, exchange.area().id(), exchange.purpose(),
                exchange.marking().tlp(), LocalDate.ofInstant(exchange.createdAt(), ZoneOffset.UTC),
                exchange.originator().orElse(null), items, exchange.id(), recordIds);
        Decision decision = decide(proposal);
        if (!decision.allowed()) {
            return new RecipientDecision(recipient, decision, List.of(), set.hash());
        }
        Map<RecordType, Set<String>> excluded = exclusions(decision.agreements());
        List<DataRecord> delivered = new ArrayList<>(exchange.records().size());
        Map<String, Integer> removedCounts = new TreeMap<>();
        for (DataRecord record : exchange.records()) {
            RecordForDelivery.Prepared prepared;
            try {
                prepared = RecordForDelivery.prepare(record, excluded, exchange.marking());
            } catch (IllegalArgumentException e) {
                return new RecipientDecision(recipient, Decision.deny(List.of("record " + record.id()
                        + " cannot be delivered without its excluded fields: " + e.getMessage())), List.of(), set.hash());
            }
            delivered.add(prepared.record());
            prepared.removed().forEach(field -> removedCounts.merge(field, 1, Integer::sum));
        }
        List<String> removed = new ArrayList<>();
        removedCounts.forEach((field, count) -> removed.add(field + " removed from " + count
                + (count == 1 ? " record" : " records")));
        return new RecipientDecision(recipient, Decision.allow(decision.agreements(), removed)
                .withConsents(decision.consents()), delivered,
                set.hash());
    }

    /**
     * The record's most restrictive TLP label: its own marking's, or that of a marking of some of its fields
     * ({@link ThreatIndicator#granularMarkings()}) when higher, so that a field marked {@code TLP:RED} does not travel
     * under an agreement whose ceiling is {@code TLP:AMBER}; null when it has no marking at all.
     */
    static Tlp strictestTlp(DataRecord record) {
        Tlp tlp = record.marking().map(HandlingMarking::tlp).orElse(null);
        if (record instanceof ThreatIndicator indicator) {
            for (GranularMarking granular : indicator.granularMarkings()) {
                if (tlp == null || granular.marking().tlp().isAbove(tlp)) {
                    tlp = granular.marking().tlp();
                }
            }
        }
        return tlp;
    }

    /** The fields the given agreements exclude, by the record type that declares them. */
    Map<RecordType, Set<String>> exclusions(List<String> agreementIds) {
        Map<RecordType, Set<String>> excluded = new EnumMap<>(RecordType.class);
        for (String id : agreementIds) {
            Terms terms = byId.get(id);
            if (terms == null) {
                continue;
            }
            terms.exclusions().forEach((type, fields) -> {
                for (String field : fields) {
                    excluded.computeIfAbsent(type, t -> new TreeSet<>()).add(field.substring(field.indexOf('.') + 1));
                }
            });
        }
        return excluded;
    }

    /**
     * The one-way provisions that an ALLOW under these agreements went by, for {@code liaison:check}: one line per
     * agreement that gives the area directions, {@code un-interpol-peacekeeping: database-access goes interpol ->
     * unpol}.
     */
    List<String> directionsOf(List<String> agreementIds, String areaId) {
        List<String> notes = new ArrayList<>();
        CooperationArea area;
        try {
            area = CooperationArea.fromId(areaId);
        } catch (IllegalArgumentException e) {
            return notes;
        }
        for (String id : agreementIds) {
            Terms terms = byId.get(id);
            String ways = terms == null ? null : terms.waysText(area);
            if (ways != null) {
                notes.add(id + ": " + area.id() + " goes " + ways);
            }
        }
        return notes;
    }

    /** Decides one proposal. Never throws for unknown names: they are reasons to deny. */
    Decision decide(Proposal proposal) {
        List<String> unknown = unknownNames(proposal);
        if (!unknown.isEmpty()) {
            return Decision.deny(unknown);
        }
        CooperationArea area = CooperationArea.fromId(proposal.area());
        List<Terms> shared = sharedAgreements(proposal.sender(), proposal.recipient());
        if (shared.isEmpty()) {
            return Decision.deny(List.of("no agreement between " + proposal.sender() + " and "
                    + proposal.recipient()));
        }
        List<Proposal.Item> items = proposal.items().isEmpty() ? List.of(new Proposal.Item("*", Set.of(), null))
                : proposal.items().size() == 1 ? proposal.items() : new ArrayList<>(new LinkedHashSet<>(proposal.items()));
        List<String> covering = new ArrayList<>(2);
        Set<String> removed = null;
        Set<String> reasons = null;
        List<List<String>> before = null;
        String[] marking = null;
        for (Proposal.Item item : items) {
            RecordType type = item.recordType().equals("*") ? null : RecordType.fromId(item.recordType());
            boolean covered = false;
            for (Terms terms : shared) {
                if (terms.covers(proposal, area, type, item)) {
                    covered = true;
                    if (!covering.contains(terms.id())) {
                        covering.add(terms.id());
                    }
                    if (!terms.exclusions().isEmpty()) {
                        removed = removed == null ? new TreeSet<>() : removed;
                        addExclusions(terms, type, removed);
                    }
                }
            }
            if (!covered) {
                // only a denial pays for its messages, and the proposal's own ones once per agreement
                if (reasons == null) {
                    reasons = new LinkedHashSet<>();
                    before = new ArrayList<>(Collections.nCopies(shared.size(), (List<String>) null));
                    marking = new String[shared.size()];
                }
                for (int i = 0; i < shared.size(); i++) {
                    Terms terms = shared.get(i);
                    if (before.get(i) == null) {
                        before.set(i, proposalFailures(terms, proposal, area));
                        Tlp ceiling = terms.agreement().handlingCeiling();
                        marking[i] = proposal.marking().isAbove(ceiling) ? terms.id() + ": marking "
                                + proposal.marking().id() + " is above its handling ceiling " + ceiling.id() : null;
                    }
                    reasons.addAll(before.get(i));
                    itemFailures(terms, type, item, marking[i], reasons);
                }
            }
        }
        if (reasons != null) {
            return Decision.deny(new ArrayList<>(reasons));
        }
        Onward onward = onwardTransfer(proposal);
        if (!onward.failures().isEmpty()) {
            return Decision.deny(onward.failures());
        }
        if (covering.size() > 1) {
            Collections.sort(covering);
        }
        Decision allowed = Decision.allow(covering, removed == null ? List.of() : new ArrayList<>(removed));
        return onward.consents().isEmpty() ? allowed : allowed.withConsents(onward.consents());
    }

    private List<String> unknownNames(Proposal proposal) {
        if (set.partners().containsKey(proposal.sender()) && set.partners().containsKey(proposal.recipient())
                && (proposal.originator() == null || set.partners().containsKey(proposal.originator()))
                && isArea(proposal.area()) && set.purposes().containsKey(proposal.purpose())
                && proposal.items().stream().allMatch(item -> isRecordType(item.recordType()))
                && !set.agreements().isEmpty()) {
            return List.of();
        }
        List<String> reasons = new ArrayList<>(0);
        if (set.partner(proposal.sender()).isEmpty()) {
            reasons.add("unknown partner '" + proposal.sender() + "' (sender)");
        }
        if (set.partner(proposal.recipient()).isEmpty()) {
            reasons.add("unknown partner '" + proposal.recipient() + "' (recipient)");
        }
        if (proposal.originator() != null && set.partner(proposal.originator()).isEmpty()) {
            reasons.add("unknown partner '" + proposal.originator() + "' (originator)");
        }
        if (!isArea(proposal.area())) {
            reasons.add("unknown cooperation area '" + proposal.area() + "': expected one of "
                    + Arrays.stream(CooperationArea.values()).map(CooperationArea::id).toList());
        }
        if (!set.purposes().containsKey(proposal.purpose())) {
            reasons.add("unknown purpose '" + proposal.purpose() + "': expected one of "
                    + new TreeSet<>(set.purposes().keySet()));
        }
        for (Proposal.Item item : proposal.items()) {
            if (!isRecordType(item.recordType())) {
                reasons.add("unknown record type '" + item.recordType() + "': expected one of "
                        + Arrays.stream(RecordType.values()).map(RecordType::id).toList());
                break;
            }
        }
        if (set.agreements().isEmpty()) {
            reasons.add("no agreement is loaded: check conf/agreements/ and logs/liaison.log");
        }
        return reasons;
    }

    private static boolean isArea(String id) {
        for (CooperationArea area : CooperationArea.values()) {
            if (area.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRecordType(String id) {
        for (RecordType type : RecordType.values()) {
            if (type.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private List<Terms> sharedAgreements(String one, String other) {
        return byPair.getOrDefault(one, Map.of()).getOrDefault(other, List.of());
    }

    /** The failures of failures() that do not depend on the item and come before the item's, prefixed. */
    private static List<String> proposalFailures(Terms terms, Proposal proposal, CooperationArea area) {
        List<String> failures = new ArrayList<>(0);
        notInForce(terms, proposal.date(), failures);
        if (!terms.areas().contains(area)) {
            failures.add("area '" + area.id() + "' is not among its areas " + terms.areasText());
        } else if (!terms.goes(area, proposal.sender(), proposal.recipient())) {
            failures.add("area '" + area.id() + "' goes one way under it (" + terms.waysText(area) + "), not "
                    + proposal.sender() + " -> " + proposal.recipient());
        }
        if (!terms.purposes().isEmpty() && !terms.purposes().contains(proposal.purpose())) {
            failures.add("purpose '" + proposal.purpose() + "' is not among its purposes " + terms.purposesText());
        }
        failures.replaceAll(failure -> terms.id() + ": " + failure);
        return failures;
    }

    /** The item's own failures, with the proposal's marking failure in its place among them. */
    private static void itemFailures(Terms terms, RecordType type, Proposal.Item item, String marking,
            Set<String> reasons) {
        if (type != null && !terms.types().isEmpty() && !terms.types().contains(type)) {
            reasons.add(terms.id() + ": record type '" + type.id() + "' is not among its record types "
                    + terms.typesText());
        }
        if (!terms.countries().isEmpty()) {
            if (item.countries().isEmpty()) {
                reasons.add(terms.id() + ": a " + item.recordType() + " record that names no country is outside"
                        + " its geographic scope " + terms.scopeText());
            } else if (Collections.disjoint(item.countries(), terms.countries())) {
                reasons.add(terms.id() + ": country " + countriesText(item.countries()) + " of a "
                        + item.recordType() + " record is outside its geographic scope " + terms.scopeText());
            }
        }
        if (marking != null) {
            reasons.add(marking);
        }
        Tlp ceiling = terms.agreement().handlingCeiling();
        if (item.marking() != null && item.marking().isAbove(ceiling)) {
            reasons.add(terms.id() + ": a " + item.recordType() + " record marked " + item.marking().id()
                    + " is above its handling ceiling " + ceiling.id());
        }
    }

    private static void notInForce(Terms terms, LocalDate date, List<String> failures) {
        for (Agreement link : terms.chain()) {
            String whose = link == terms.agreement() ? "" : "its parent " + link.id() + " ";
            if (link.status() != AgreementStatus.IN_FORCE) {
                failures.add(whose + (link.status() == AgreementStatus.SIGNED ? "is signed but not yet in force"
                        : "is " + link.status().id()));
                return;
            }
            if (date.isBefore(link.validity().from())) {
                failures.add(whose + "is not in force before " + link.validity().from() + " (exchange date "
                        + date + ")");
                return;
            }
        }
        if (terms.until() != null && date.isAfter(terms.until())) {
            failures.add("expired on " + terms.until() + (terms.chain().size() > 1
                    && !terms.until().equals(terms.agreement().validity().until().orElse(null))
                            ? " with its parent" : "") + " (exchange date " + date + ")");
        }
    }

    private void addExclusions(Terms terms, RecordType type, Set<String> removed) {
        if (terms.exclusions().isEmpty()) {
            return;
        }
        Set<RecordType> types = type == null ? EnumSet.allOf(RecordType.class) : EnumSet.of(type);
        if (type != null) {
            types.addAll(EMBEDDED.getOrDefault(type, Set.of()));
        }
        for (RecordType each : types) {
            for (String field : terms.exclusions().getOrDefault(each, List.of())) {
                removed.add(field + " (" + terms.id() + ")");
            }
        }
    }

    /**
     * When the sender passes on what it received from an originator, some agreement in force between the two must
     * allow it: the recipient is a party to it, or it permits onward transfer.
     */
    /** Why passing the data on is not allowed (empty when it is), and the consents that allow it. */
    private record Onward(List<String> failures, List<String> consents) {
    }

    private Onward onwardTransfer(Proposal proposal) {
        String originator = proposal.originator();
        if (originator == null || originator.equals(proposal.sender())) {
            return new Onward(List.of(), List.of());
        }
        List<String> under = new ArrayList<>();
        for (Terms terms : sharedAgreements(originator, proposal.sender())) {
            List<String> inForce = new ArrayList<>(0);
            notInForce(terms, proposal.date(), inForce);
            if (!inForce.isEmpty()) {
                continue;
            }
            OnwardTransfer rule = terms.agreement().onwardTransfer();
            if (terms.parties().contains(proposal.recipient()) || rule == OnwardTransfer.PERMITTED) {
                return new Onward(List.of(), List.of());
            }
            if (rule == OnwardTransfer.WITH_ORIGINATOR_CONSENT) {
                List<String> consents = consentsFor(proposal);
                if (!consents.isEmpty()) {
                    return new Onward(List.of(), consents);
                }
                under.add(terms.id() + " (onward transfer " + rule.id() + ", and no consent of " + originator
                        + " in force covers passing it on to " + proposal.recipient() + ")");
            } else {
                under.add(terms.id() + " (onward transfer " + rule.id() + ")");
            }
        }
        if (under.isEmpty()) {
            return new Onward(List.of("onward transfer: no agreement in force between " + originator + " and "
                    + proposal.sender() + " under which " + proposal.sender() + " could have received this data"),
                    List.of());
        }
        return new Onward(List.of("onward transfer: " + proposal.sender() + " received this data from "
                + originator + " under " + String.join(", ", under) + ", which does not allow passing it on to "
                + proposal.recipient() + ", a third party"), List.of());
    }

    /** The consents in force that cover passing the proposal's data on, by id. */
    private List<String> consentsFor(Proposal proposal) {
        Set<RecordType> types = EnumSet.noneOf(RecordType.class);
        for (Proposal.Item item : proposal.items()) {
            if (isRecordType(item.recordType())) {
                types.add(RecordType.fromId(item.recordType()));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Consent consent : set.consents().values()) {
            if (consent.covers(proposal.originator(), proposal.sender(), proposal.recipient(), proposal.date(), types,
                    proposal.recordIds(), proposal.exchangeId())) {
                ids.add(consent.id());
            }
        }
        return ids;
    }

    private static String ids(Set<? extends Enum<?>> values) {
        return values.stream().map(Object::toString).sorted().collect(Collectors.joining(", ", "[", "]"));
    }

    /** Countries with the UN M49 region each lies in: {@code DE (Western Europe, M49:155)}. */
    private static String countriesText(Set<String> countries) {
        List<String> texts = new ArrayList<>();
        for (String country : new TreeSet<>(countries)) {
            texts.add(M49.regionOf(country).map(region -> country + " (" + region.name() + ", " + M49.PREFIX
                    + region.code() + ")").orElse(country));
        }
        return String.join(", ", texts);
    }

    private static String shortList(Set<String> countries) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(countries));
        if (sorted.size() <= COUNTRIES_SHOWN) {
            return sorted.toString();
        }
        return sorted.subList(0, COUNTRIES_SHOWN).toString().replace("]", ", ... (" + sorted.size()
                + " countries)]");
    }
}
