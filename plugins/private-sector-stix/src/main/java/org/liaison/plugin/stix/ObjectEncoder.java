package org.liaison.plugin.stix;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.GranularMarking;
import org.liaison.api.record.ThreatIndicator;

/** Maps one {@link ThreatIndicator} to a STIX 2.1 object, the reverse of {@link ObjectDecoder}. */
final class ObjectEncoder {

    /** Thrown to leave the current record out, with the error that says why. */
    static final class Unrepresentable extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RecordError error;

        Unrepresentable(RecordError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    /** When the marking definitions this format writes were created: fixed, so that output is reproducible. */
    static final String TLP1_CREATED = "2017-01-20T00:00:00.000Z";
    static final String TLP2_CREATED = "2022-10-01T00:00:00.000Z";

    private ObjectEncoder() {
    }

    /**
     * The STIX object for a record; the marking definitions it refers to are added to {@code definitions}, by id.
     *
     * @throws Unrepresentable when STIX has no place for one of its values or it lacks one STIX requires
     */
    static JsonObject encode(String location, ThreatIndicator record, SortedMap<String, JsonObject> definitions)
            throws Unrepresentable {
        StixType spec = StixType.of(record.objectType());
        if (spec == null) {
            throw error(location, "objectType", "one of the STIX types this format carries: "
                    + String.join(", ", StixType.names()), record.objectType());
        }
        if (!StixIds.isIdentifier(record.id(), spec.name)) {
            throw error(location, "id", "a STIX identifier \"" + spec.name + "--<UUID>\"", record.id());
        }
        JsonObject object = new JsonObject();
        object.addProperty("type", spec.name);
        object.addProperty("spec_version", "2.1");
        object.addProperty("id", record.id());
        object.addProperty("created", StixIds.timestamp(required(location, "created", record.created())));
        object.addProperty("modified", StixIds.timestamp(required(location, "modified", record.modified())));

        Map<String, List<String>> qualified = new LinkedHashMap<>();
        List<String> plain = new ArrayList<>();
        for (String label : record.labels()) {
            int colon = label.indexOf(':');
            String prefix = colon > 0 ? label.substring(0, colon) : null;
            if ("labels".equals(prefix)) {
                plain.add(label.substring(colon + 1));
            } else if (prefix != null && spec.properties.containsKey(prefix)) {
                qualified.computeIfAbsent(prefix, key -> new ArrayList<>()).add(label.substring(colon + 1));
            } else {
                plain.add(label);
            }
        }

        optional(location, object, "name", record.name(), spec.hasName);
        if (spec.hasName && spec.nameRequired && record.name().isEmpty()) {
            throw error(location, "name", "a name (STIX requires one for a " + spec.name + ")", null);
        }
        if (spec.name.equals("malware") && record.name().isEmpty()
                && qualified.getOrDefault("is_family", List.of()).contains("true")) {
            throw error(location, "name", "a name (STIX requires one for a malware family)", null);
        }
        optional(location, object, "description", record.description(), spec.hasDescription);
        optional(location, object, "pattern", record.pattern(), spec.hasPattern);
        optional(location, object, "pattern_type", record.patternType(), spec.hasPattern);
        if (spec.hasPattern && (record.pattern().isEmpty() || record.patternType().isEmpty())) {
            throw error(location, record.pattern().isEmpty() ? "pattern" : "patternType",
                    "a pattern and its pattern type (STIX requires them for an indicator)", null);
        }
        time(location, object, "validFrom", spec.from, spec.fromRequired, record.validFrom());
        time(location, object, "validUntil", spec.until, spec.untilRequired, record.validUntil());
        related(location, object, spec, record.relatedIds());

        for (StixType.Property property : spec.properties.values()) {
            List<String> values = qualified.getOrDefault(property.name(), List.of());
            if (property.name().equals("is_family")) {
                if (values.size() > 1 || (values.size() == 1 && !values.get(0).matches("true|false"))) {
                    throw error(location, "labels", "at most one label is_family:true or is_family:false",
                            values.toString());
                }
                object.addProperty("is_family", values.contains("true"));
                continue;
            }
            if (values.isEmpty()) {
                if (property.required()) {
                    throw error(location, "labels", "a label " + property.name() + ":<value> (STIX requires "
                            + property.name() + " for a " + spec.name + ")", null);
                }
                continue;
            }
            object.add(property.name(), value(location, property, values));
        }
        if (!plain.isEmpty()) {
            JsonArray labels = new JsonArray();
            plain.forEach(labels::add);
            object.add("labels", labels);
        }
        if (!record.externalReferences().isEmpty()) {
            JsonArray references = new JsonArray();
            for (String reference : record.externalReferences()) {
                references.add(externalReference(location, reference));
            }
            object.add("external_references", references);
        }
        // kept apart until the record is known to be written, so that a record left out adds no definition
        SortedMap<String, JsonObject> used = new TreeMap<>();
        Optional<HandlingMarking> marking = record.marking();
        if (marking.isPresent()) {
            JsonArray refs = new JsonArray();
            markingRefs(marking.get(), used).forEach(refs::add);
            object.add("object_marking_refs", refs);
        }
        granularMarkings(location, object, record.granularMarkings(), used);
        used.forEach(definitions::putIfAbsent);
        return object;
    }

    /**
     * Writes {@code granular_markings}: for each granular marking, one with the TLP label's {@code marking_ref},
     * then one per handling code, all with the marking's selectors. Every selector must name content of the object
     * as written so far, as STIX requires.
     */
    private static void granularMarkings(String location, JsonObject object, List<GranularMarking> markings,
            SortedMap<String, JsonObject> definitions) throws Unrepresentable {
        if (markings.isEmpty()) {
            return;
        }
        JsonArray written = new JsonArray();
        for (GranularMarking marking : markings) {
            JsonArray selectors = new JsonArray();
            for (String selector : marking.selectors()) {
                if (Selectors.resolve(object, selector) == null) {
                    throw error(location, "granularMarkings", "selectors naming content of the "
                            + object.get("type").getAsString() + " as written, such as description or labels.[0]"
                            + " (STIX requires it)", selector);
                }
                selectors.add(selector);
            }
            for (String ref : markingRefs(marking.marking(), definitions)) {
                JsonObject granular = new JsonObject();
                granular.addProperty("marking_ref", ref);
                granular.add("selectors", selectors.deepCopy());
                written.add(granular);
            }
        }
        object.add("granular_markings", written);
    }

    /**
     * The marking definition ids of a marking, the TLP label's first, then the handling codes' in their order; the
     * definitions are added to {@code definitions}.
     */
    private static List<String> markingRefs(HandlingMarking marking, SortedMap<String, JsonObject> definitions) {
        List<String> refs = new ArrayList<>();
        Tlp tlp = marking.tlp();
        refs.add(Markings.idOf(tlp));
        definitions.computeIfAbsent(Markings.idOf(tlp), id -> tlpDefinition(tlp));
        for (String code : marking.handlingCodes()) {
            refs.add(Markings.idOfCode(code));
            definitions.computeIfAbsent(Markings.idOfCode(code), id -> codeDefinition(code));
        }
        return refs;
    }

    private static JsonElement value(String location, StixType.Property property, List<String> values)
            throws Unrepresentable {
        String name = property.name();
        if (property.kind() != StixType.Kind.STRINGS && property.kind() != StixType.Kind.KILL_CHAIN
                && values.size() > 1) {
            throw error(location, "labels", "one label " + name + ":<value> (STIX allows one " + name + ")",
                    values.toString());
        }
        String single = values.get(0);
        switch (property.kind()) {
            case STRING -> {
                return new JsonPrimitive(single);
            }
            case BOOLEAN -> {
                if (!single.matches("true|false")) {
                    throw error(location, "labels", name + ":true or " + name + ":false", single);
                }
                return new JsonPrimitive(Boolean.parseBoolean(single));
            }
            case INTEGER -> {
                if (!single.matches("-?[0-9]{1,18}")) {
                    throw error(location, "labels", name + ":<integer>", single);
                }
                return new JsonPrimitive(Long.parseLong(single));
            }
            case NUMBER -> {
                try {
                    return new JsonPrimitive(new BigDecimal(single));
                } catch (NumberFormatException e) {
                    throw error(location, "labels", name + ":<number>", single);
                }
            }
            case STRINGS -> {
                JsonArray array = new JsonArray();
                values.forEach(array::add);
                return array;
            }
            case KILL_CHAIN -> {
                JsonArray phases = new JsonArray();
                for (String value : values) {
                    int colon = value.indexOf(':');
                    if (colon <= 0 || colon == value.length() - 1) {
                        throw error(location, "labels", "kill_chain_phases:<kill_chain_name>:<phase_name>", value);
                    }
                    JsonObject phase = new JsonObject();
                    phase.addProperty("kill_chain_name", value.substring(0, colon));
                    phase.addProperty("phase_name", value.substring(colon + 1));
                    phases.add(phase);
                }
                return phases;
            }
            default -> throw new IllegalStateException(property.kind().name());
        }
    }

    private static void related(String location, JsonObject object, StixType spec, List<String> ids)
            throws Unrepresentable {
        for (String id : ids) {
            if (!StixIds.isIdentifier(id, null)) {
                throw error(location, "relatedIds", "STIX identifiers \"<type>--<UUID>\"", id);
            }
        }
        switch (spec.refs) {
            case NONE -> {
                if (!ids.isEmpty()) {
                    throw error(location, "relatedIds", "none: a " + spec.name + " has no references in STIX"
                            + " (relate it with a relationship record)", ids.toString());
                }
            }
            case OBJECT_REFS -> {
                if (ids.isEmpty() && spec.refsRequired) {
                    throw error(location, "relatedIds", "the ids of the objects a " + spec.name + " is about"
                            + " (its object_refs)", null);
                }
                if (!ids.isEmpty()) {
                    JsonArray refs = new JsonArray();
                    ids.forEach(refs::add);
                    object.add("object_refs", refs);
                }
            }
            case SOURCE_TARGET -> {
                if (ids.size() != 2) {
                    throw error(location, "relatedIds", "exactly two ids: [source_ref, target_ref]",
                            ids.toString());
                }
                object.addProperty("source_ref", ids.get(0));
                object.addProperty("target_ref", ids.get(1));
            }
            case SIGHTING_OF -> {
                if (ids.size() != 1) {
                    throw error(location, "relatedIds", "exactly one id: [sighting_of_ref]", ids.toString());
                }
                object.addProperty("sighting_of_ref", ids.get(0));
            }
            default -> throw new IllegalStateException(spec.refs.name());
        }
    }

    private static JsonObject externalReference(String location, String reference) throws Unrepresentable {
        if (!reference.startsWith("{")) {
            JsonObject object = new JsonObject();
            object.addProperty("source_name", reference);
            return object;
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(reference));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = UniqueMembers.read(reader);
            if (reader.peek() == JsonToken.END_DOCUMENT && element.isJsonObject()) {
                JsonElement source = element.getAsJsonObject().get("source_name");
                if (source != null && source.isJsonPrimitive() && source.getAsJsonPrimitive().isString()) {
                    return element.getAsJsonObject();
                }
            }
        } catch (IOException | JsonParseException | IllegalStateException | UniqueMembers.Repeated e) {
            // reported below
        }
        throw error(location, "externalReferences", "a source name, or a STIX external reference as a JSON"
                + " object with a source_name and no member named twice", reference);
    }

    private static void optional(String location, JsonObject object, String property, Optional<String> value,
            boolean carried) throws Unrepresentable {
        if (value.isEmpty()) {
            return;
        }
        if (!carried) {
            throw error(location, modelName(property), "no " + modelName(property) + ": a "
                    + object.get("type").getAsString() + " has no " + property + " in STIX", value.get());
        }
        object.addProperty(property, value.get());
    }

    private static void time(String location, JsonObject object, String field, String property,
            boolean required, Optional<Instant> value) throws Unrepresentable {
        String type = object.get("type").getAsString();
        if (value.isEmpty()) {
            if (property != null && required) {
                throw error(location, field, "a time for " + property + " (STIX requires it for a " + type + ")",
                        null);
            }
            return;
        }
        if (property == null) {
            throw error(location, field, "no " + field + ": a " + type + " has no such time in STIX",
                    value.get().toString());
        }
        object.addProperty(property, StixIds.timestamp(value.get()));
    }

    private static String modelName(String property) {
        return property.equals("pattern_type") ? "patternType" : property;
    }

    private static <T> T required(String location, String field, Optional<T> value) throws Unrepresentable {
        if (value.isEmpty()) {
            throw error(location, field, "a " + field + " time (STIX requires it)", null);
        }
        return value.get();
    }

    /** The marking definition of a TLP label, as STIX 2.1 or the TLP 2.0 extension publish it. */
    static JsonObject tlpDefinition(Tlp tlp) {
        JsonObject definition = new JsonObject();
        definition.addProperty("type", "marking-definition");
        definition.addProperty("spec_version", "2.1");
        definition.addProperty("id", Markings.idOf(tlp));
        if (Markings.STIX21_TLP.containsKey(tlp)) {
            String label = tlp == Tlp.CLEAR ? "white" : tlp.name().toLowerCase(java.util.Locale.ROOT);
            definition.addProperty("created", TLP1_CREATED);
            definition.addProperty("definition_type", "tlp");
            definition.addProperty("name", "TLP:" + label.toUpperCase(java.util.Locale.ROOT));
            JsonObject body = new JsonObject();
            body.addProperty("tlp", label);
            definition.add("definition", body);
        } else {
            definition.addProperty("created", TLP2_CREATED);
            definition.addProperty("name", tlp.id());
            JsonObject extension = new JsonObject();
            extension.addProperty("extension_type", "property-extension");
            extension.addProperty("tlp_2_0", tlp.id().substring("TLP:".length()).toLowerCase(java.util.Locale.ROOT));
            JsonObject extensions = new JsonObject();
            extensions.add(Markings.TLP2_EXTENSION, extension);
            definition.add("extensions", extensions);
        }
        return definition;
    }

    /** A statement marking definition carrying a handling code, with an id derived from the code. */
    static JsonObject codeDefinition(String code) {
        JsonObject definition = new JsonObject();
        definition.addProperty("type", "marking-definition");
        definition.addProperty("spec_version", "2.1");
        definition.addProperty("id", Markings.idOfCode(code));
        definition.addProperty("created", TLP1_CREATED);
        definition.addProperty("definition_type", "statement");
        definition.addProperty("name", "handling code " + code);
        JsonObject body = new JsonObject();
        body.addProperty("statement", code);
        definition.add("definition", body);
        return definition;
    }

    private static Unrepresentable error(String location, String field, String expected, String found) {
        return new Unrepresentable(RecordError.of(location, field, expected, found));
    }
}
