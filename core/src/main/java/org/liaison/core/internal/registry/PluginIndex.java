package org.liaison.core.internal.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.liaison.api.format.PartnerFormat;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;

/**
 * The plugin services currently registered, keyed by service id. DS binds and unbinds concurrently with readers,
 * so the index is a concurrent map and every answer is a snapshot built from it.
 *
 * <p>The services of a bundle can be <em>held</em>: they stay in the index but are left out of every answer except
 * {@link #partnersIncludingHeld()}, so that a new version of a plugin takes no traffic until it has passed its
 * check.
 */
final class PluginIndex {

    /** One registered plugin service. */
    record Entry(PluginDescription description, Object service, int ranking, long bundleId) {
    }

    private static final Comparator<Entry> BY_RANKING_THEN_AGE = Comparator.comparingInt(Entry::ranking)
            .reversed().thenComparingLong(entry -> entry.description().serviceId());

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    /** Bundle id -> how many holds are on it. */
    private final Map<Long, Integer> held = new ConcurrentHashMap<>();

    void add(PluginDescription description, Object service, int ranking, long bundleId) {
        entries.put(description.serviceId(), new Entry(description, service, ranking, bundleId));
    }

    /** Leaves the bundle's services out of the answers until as many {@link #release}s. */
    void hold(long bundleId) {
        held.merge(bundleId, 1, Integer::sum);
    }

    void release(long bundleId) {
        held.computeIfPresent(bundleId, (id, holds) -> holds == 1 ? null : holds - 1);
    }

    boolean isHeld(long bundleId) {
        return held.containsKey(bundleId);
    }

    /** The bundles held: each one's symbolic name when it has services in the index, else "bundle <id>". */
    List<String> heldBundles() {
        List<String> names = new ArrayList<>();
        for (Long bundleId : held.keySet()) {
            names.add(entries.values().stream().filter(entry -> entry.bundleId() == bundleId)
                    .map(entry -> entry.description().bundleSymbolicName()).findFirst()
                    .orElse("bundle " + bundleId));
        }
        names.sort(null);
        return names;
    }

    /** The entries that are not held. */
    private Stream<Entry> visible() {
        return held.isEmpty() ? entries.values().stream()
                : entries.values().stream().filter(entry -> !held.containsKey(entry.bundleId()));
    }

    /** Removes the entry of a service id; returns it, if there was one. */
    Optional<Entry> remove(long serviceId) {
        return Optional.ofNullable(entries.remove(serviceId));
    }

    List<PartnerPlugins> partners() {
        return partners(visible());
    }

    /** Every plugin service, those held included. */
    List<PartnerPlugins> partnersIncludingHeld() {
        return partners(entries.values().stream());
    }

    private static List<PartnerPlugins> partners(Stream<Entry> selected) {
        Map<String, List<PluginDescription>> byPartner = new TreeMap<>();
        for (Entry entry : (Iterable<Entry>) selected::iterator) {
            byPartner.computeIfAbsent(entry.description().partner(), partner -> new ArrayList<>())
                    .add(entry.description());
        }
        List<PartnerPlugins> partners = new ArrayList<>(byPartner.size());
        byPartner.forEach((partner, descriptions) -> partners.add(toPartnerPlugins(partner, descriptions)));
        return partners;
    }

    Optional<PartnerPlugins> partner(String partner) {
        List<PluginDescription> descriptions = visible()
                .map(Entry::description)
                .filter(description -> description.partner().equals(partner))
                .toList();
        return descriptions.isEmpty() ? Optional.empty() : Optional.of(toPartnerPlugins(partner, descriptions));
    }

    /** The highest-ranked service of a kind for a partner and id; a null id matches any id. */
    <S> Optional<S> best(PluginKind kind, String partner, String id, Class<S> type) {
        return visible()
                .filter(entry -> entry.description().kind() == kind)
                .filter(entry -> entry.description().partner().equals(partner))
                .filter(entry -> id == null || entry.description().id().equals(id))
                .sorted(BY_RANKING_THEN_AGE)
                .map(entry -> type.cast(entry.service()))
                .findFirst();
    }

    /** The partner's own formats sorted by id, then the formats for every partner sorted by id. */
    List<PartnerFormat> formats(String partner) {
        List<PartnerFormat> formats = new ArrayList<>(formatsOf(partner));
        if (!PartnerFormat.ANY_PARTNER.equals(partner)) {
            formats.addAll(formatsOf(PartnerFormat.ANY_PARTNER));
        }
        return formats;
    }

    private List<PartnerFormat> formatsOf(String partner) {
        return visible()
                .filter(entry -> entry.description().kind() == PluginKind.FORMAT)
                .filter(entry -> entry.description().partner().equals(partner))
                .sorted(Comparator.comparing((Entry entry) -> entry.description().id()).thenComparing(BY_RANKING_THEN_AGE))
                .map(entry -> (PartnerFormat) entry.service())
                .toList();
    }

    private static PartnerPlugins toPartnerPlugins(String partner, List<PluginDescription> descriptions) {
        Comparator<PluginDescription> order = Comparator.comparing(PluginDescription::id)
                .thenComparingLong(PluginDescription::serviceId);
        return new PartnerPlugins(partner,
                descriptions.stream().filter(d -> d.kind() == PluginKind.FORMAT).sorted(order).toList(),
                descriptions.stream().filter(d -> d.kind() == PluginKind.SOURCE).sorted(order).toList(),
                descriptions.stream().filter(d -> d.kind() == PluginKind.CHANNEL).sorted(order).toList());
    }
}
