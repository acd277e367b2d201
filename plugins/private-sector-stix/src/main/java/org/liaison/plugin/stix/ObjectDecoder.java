package org.liaison.plugin.stix;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.GranularMarking;
import org.liaison.api.record.ThreatIndicator;

/** Maps one STIX object of a bundle to a {@link ThreatIndicator}, or to a per-record error. Not thread-safe. */
final class ObjectDecoder {

    /** Thrown to leave the current object out, with the error that says why. */
    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RecordError error;

        Rejected(RecordError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    /** Compact JSON with members in their given order: how an external reference is kept as one string. */
    static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

    private final Markings markings;
    private final DecodeSink sink;
    private final int fieldLimit;

    ObjectDecoder(Markings markings, DecodeSink sink, int fieldLimit) {
        this.markings = markings;
        this.sink = sink;
        this.fieldLimit = fieldLimit;
    }

    /** Decodes the object at {@code $.objects[index]}: hands a record or an error (and warnings) to the sink. */
    void decode(int index, JsonElement element) {
        String location = "$.objects[" + index + "]";
        if (!element.isJsonObject()) {
            sink.error(RecordError.of(location, null, "a STIX object (a JSON object)", element.toString()));
            return;
        }
        JsonObject object = element.getAsJsonObject();
        JsonElement idElement = object.get("id");
        String id = isString(idElement) ? idElement.getAsString() : null;
        if (id != null) {
            location += " (id " + id + ")";
        }
        JsonElement typeElement = object.get("type");
        if (!isString(typeElement)) {
            sink.error(RecordError.of(location, "type", "the object's STIX type, such as \"indicator\"",
                    found(typeElement)));
            return;
        }
        String type = typeElement.getAsString();
        if (type.equals("marking-definition") || Markings.TLP2_EXTENSION.equals(id)) {
            return; // read by the first pass: it becomes the handling marking of the objects that refer to it
        }
        StixType spec = StixType.of(type);
        if (spec == null) {
            sink.error(RecordError.of(location, "type", "one of the STIX types this format carries: "
                    + String.join(", ", StixType.names()), type));
            return;
        }
        Mapping mapping = new Mapping(location, object, spec);
        ThreatIndicator record;
        try {
            record = mapping.record(id);
        } catch (Rejected e) {
            sink.error(e.error);
            return;
        }
        sink.record(record);
        mapping.warnings.forEach(sink::warning);
    }

    /**
     * Reports the object at {@code $.objects[index]} that names a member twice: which of its values counts is
     * ambiguous, so it is left out whole.
     */
    void refuse(int index, UniqueMembers.Repeated repeated) {
        String location = "$.objects[" + index + "]";
        JsonElement value = repeated.value();
        JsonElement id = value.isJsonObject() ? value.getAsJsonObject().get("id") : null;
        if (isString(id) && !(repeated.atTop() && repeated.name().equals("id"))) {
            location += " (id " + id.getAsString() + ")";
        }
        sink.error(RecordError.of(location, repeated.path(), repeated.expected(), repeated.found()));
    }

    /** One granular marking as the object writes it: a TLP label or a handling code, and its selectors. */
    private record Granular(int position, Tlp tlp, String code, List<String> selectors, JsonElement element) {
    }

    /** One object's mapping. */
    private final class Mapping {
        private final String location;
        private final JsonObject object;
        private final StixType spec;
        private final List<RecordError> warnings = new ArrayList<>();
        private final List<String> plainLabels = new ArrayList<>();
        private final Map<String, List<String>> qualified = new LinkedHashMap<>();

        Mapping(String location, JsonObject object, StixType spec) {
            this.location = location;
            this.object = object;
            this.spec = spec;
        }

        ThreatIndicator record(String id) throws Rejected {
            if (!StixIds.isIdentifier(id, spec.name)) {
                throw reject("id", "a STIX identifier \"" + spec.name + "--<UUID>\"", id);
            }
            ThreatIndicator.Builder builder = ThreatIndicator.builder().id(id).objectType(spec.name);
            TreeSet<Tlp> objectTlps = new TreeSet<>();
            TreeSet<String> codes = new TreeSet<>();
            List<String> externalReferences = new ArrayList<>();
            List<String> relatedIds = new ArrayList<>();
            String sourceRef = null;
            String targetRef = null;
            JsonElement granular = null;
            for (Map.Entry<String, JsonElement> member : object.entrySet()) {
                String property = member.getKey();
                JsonElement value = member.getValue();
                if (value.isJsonNull()) {
                    continue;
                }
                switch (property) {
                    case "type", "id" -> {
                        // checked above
                    }
                    case "spec_version" -> {
                        if (!isString(value) || !value.getAsString().equals("2.1")) {
                            throw reject(property, "\"2.1\": this format reads STIX 2.1 objects", found(value));
                        }
                    }
                    case "created" -> builder.created(timestamp(property, value));
                    case "modified" -> builder.modified(timestamp(property, value));
                    case "labels" -> {
                        for (String label : strings(property, value)) {
                            plainLabels.add(escaped(label));
                        }
                    }
                    case "external_references" -> externalReferences(value, externalReferences);
                    case "object_marking_refs" -> {
                        for (String ref : strings(property, value)) {
                            mark(property, ref, objectTlps, codes);
                        }
                    }
                    case "granular_markings" -> granular = value; // needs the record: see granularMarkings
                    default -> {
                        if (spec.hasName && property.equals("name")) {
                            builder.name(text(property, value));
                        } else if (spec.hasDescription && property.equals("description")) {
                            builder.description(text(property, value));
                        } else if (spec.hasPattern && property.equals("pattern")) {
                            builder.pattern(text(property, value));
                        } else if (spec.hasPattern && property.equals("pattern_type")) {
                            builder.patternType(text(property, value));
                        } else if (property.equals(spec.from)) {
                            builder.validFrom(timestamp(property, value));
                        } else if (property.equals(spec.until)) {
                            builder.validUntil(timestamp(property, value));
                        } else if (spec.refs == StixType.Refs.OBJECT_REFS && property.equals("object_refs")) {
                            for (String ref : strings(property, value)) {
                                relatedIds.add(identifier(property, ref));
                            }
                        } else if (spec.refs == StixType.Refs.SOURCE_TARGET && property.equals("source_ref")) {
                            sourceRef = identifier(property, text(property, value));
                        } else if (spec.refs == StixType.Refs.SOURCE_TARGET && property.equals("target_ref")) {
                            targetRef = identifier(property, text(property, value));
                        } else if (spec.refs == StixType.Refs.SIGHTING_OF && property.equals("sighting_of_ref")) {
                            relatedIds.add(identifier(property, text(property, value)));
                        } else if (spec.properties.containsKey(property)) {
                            labelled(spec.properties.get(property), value);
                        } else {
                            warn(property, "a property this format carries for a " + spec.name
                                    + " (the value is left out)", value);
                        }
                    }
                }
            }
            if (spec.refs == StixType.Refs.SOURCE_TARGET) {
                if (sourceRef == null) {
                    throw reject("source_ref", "the id of the relationship's source object", null);
                }
                if (targetRef == null) {
                    throw reject("target_ref", "the id of the relationship's target object", null);
                }
                relatedIds.add(sourceRef);
                relatedIds.add(targetRef);
            }
            builder.labels(labels()).externalReferences(externalReferences).relatedIds(relatedIds);
            if (!objectTlps.isEmpty()) {
                builder.marking(HandlingMarking.builder().tlp(objectTlps.last()).handlingCodes(codes).build());
                if (objectTlps.size() > 1) {
                    warn("object_marking_refs", "one TLP marking (the most restrictive, " + objectTlps.last().id()
                            + ", is kept)", new JsonPrimitive(objectTlps.toString()));
                }
            } else if (!codes.isEmpty()) {
                warn("object_marking_refs", "a TLP marking next to the handling codes (the model keeps handling"
                        + " codes only with a TLP label; they are left out)", new JsonPrimitive(codes.toString()));
            }
            ThreatIndicator record = build(builder);
            if (granular != null) {
                List<GranularMarking> granularMarkings = granularMarkings(granular, record);
                if (!granularMarkings.isEmpty()) {
                    record = build(record.toBuilder().granularMarkings(granularMarkings));
                }
            }
            return record;
        }

        private ThreatIndicator build(ThreatIndicator.Builder builder) throws Rejected {
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw reject(stixName(e.getMessage()), "a valid " + spec.name + ": " + e.getMessage(), null);
            }
        }

        /** The STIX property a model validation message is about. */
        private String stixName(String message) {
            if (message == null) {
                return null;
            }
            if (message.contains("field 'validUntil'")) {
                return spec.until;
            }
            if (message.contains("field 'modified'")) {
                return "modified";
            }
            return null;
        }

        /** Plain labels first, then the qualified ones in the order of the type's table. */
        private List<String> labels() {
            List<String> labels = new ArrayList<>(plainLabels);
            for (String property : spec.properties.keySet()) {
                for (String value : qualified.getOrDefault(property, List.of())) {
                    labels.add(property + ":" + value);
                }
            }
            return labels;
        }

        /** A plain STIX label that would read as a qualified one is written {@code labels:<label>}. */
        private String escaped(String label) {
            int colon = label.indexOf(':');
            return colon > 0 && spec.isQualifier(label.substring(0, colon)) ? "labels:" + label : label;
        }

        private void labelled(StixType.Property property, JsonElement value) throws Rejected {
            String name = property.name();
            List<String> values = new ArrayList<>();
            switch (property.kind()) {
                case STRING -> {
                    if (!isString(value)) {
                        warn(name, "a string (the value is left out)", value);
                        return;
                    }
                    values.add(text(name, value));
                }
                case STRINGS -> values.addAll(strings(name, value));
                case BOOLEAN -> {
                    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
                        warn(name, "true or false (the value is left out)", value);
                        return;
                    }
                    boolean flag = value.getAsBoolean();
                    if (name.equals("is_family") && !flag) {
                        return; // false is what encode writes when there is no label
                    }
                    values.add(Boolean.toString(flag));
                }
                case INTEGER -> {
                    if (!isNumber(value) || !value.getAsString().matches("-?[0-9]+")) {
                        warn(name, "an integer (the value is left out)", value);
                        return;
                    }
                    values.add(value.getAsString());
                }
                case NUMBER -> {
                    if (!isNumber(value)) {
                        warn(name, "a number (the value is left out)", value);
                        return;
                    }
                    values.add(value.getAsBigDecimal().toString());
                }
                case KILL_CHAIN -> {
                    if (!value.isJsonArray()) {
                        warn(name, "a list of kill chain phases (the value is left out)", value);
                        return;
                    }
                    for (JsonElement phase : value.getAsJsonArray()) {
                        JsonElement chain = phase.isJsonObject() ? phase.getAsJsonObject().get("kill_chain_name") : null;
                        JsonElement step = phase.isJsonObject() ? phase.getAsJsonObject().get("phase_name") : null;
                        if (!isString(chain) || !isString(step) || chain.getAsString().contains(":")
                                || chain.getAsString().isBlank() || step.getAsString().isBlank()) {
                            warn(name, "a kill chain phase {kill_chain_name, phase_name}, the name without ':'"
                                    + " (the phase is left out)", phase);
                            continue;
                        }
                        values.add(checked(name, chain.getAsString() + ":" + step.getAsString()));
                    }
                }
                default -> throw new IllegalStateException(property.kind().name());
            }
            qualified.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values);
        }

        private void externalReferences(JsonElement value, List<String> references) throws Rejected {
            if (!value.isJsonArray()) {
                warn("external_references", "a list of external references (they are left out)", value);
                return;
            }
            for (JsonElement reference : value.getAsJsonArray()) {
                JsonElement source = reference.isJsonObject() ? reference.getAsJsonObject().get("source_name")
                        : null;
                if (!isString(source) || source.getAsString().isBlank()) {
                    warn("external_references", "an external reference with a source_name (it is left out)",
                            reference);
                    continue;
                }
                JsonObject fields = reference.getAsJsonObject();
                String name = source.getAsString();
                references.add(checked("external_references",
                        fields.size() == 1 && !name.startsWith("{") ? name : COMPACT.toJson(fields)));
            }
        }

        /**
         * The granular markings of the object. Each one with a {@code marking_ref} to a TLP marking definition
         * becomes one {@link GranularMarking}; one to a handling code (a one-word statement) joins the TLP one with
         * the same selectors, the nearest before it or else after it, which is how {@link ObjectEncoder} writes a
         * granular marking with handling codes. The rest is left out with a warning.
         */
        private List<GranularMarking> granularMarkings(JsonElement value, ThreatIndicator record) throws Rejected {
            String property = "granular_markings";
            if (!value.isJsonArray()) {
                warn(property, "a list of granular markings (they are left out)", value);
                return List.of();
            }
            List<Granular> tlps = new ArrayList<>();
            List<Granular> codes = new ArrayList<>();
            int position = 0;
            for (JsonElement element : value.getAsJsonArray()) {
                position++;
                JsonObject marking = element.isJsonObject() ? element.getAsJsonObject() : null;
                JsonElement ref = marking == null ? null : marking.get("marking_ref");
                if (!isString(ref)) {
                    warn(property, "a granular marking with a marking_ref (it is left out)", element);
                    continue;
                }
                JsonElement selectorList = marking.get("selectors");
                List<String> selectors = selectorList == null || selectorList.isJsonNull() ? List.of()
                        : strings(property, selectorList);
                if (selectors.isEmpty()) {
                    warn(property, "a granular marking with at least one selector (it is left out)", element);
                    continue;
                }
                if (marking.has("lang") && !marking.get("lang").isJsonNull()) {
                    warn(property, "a granular marking with a marking_ref or a lang, not both (the lang is left"
                            + " out)", element);
                }
                Markings.Meaning meaning = markings.resolve(ref.getAsString());
                if (meaning == null) {
                    warn(property, "a TLP marking definition known to STIX 2.1 or defined in the bundle (the"
                            + " marking is left out)", ref);
                } else if (meaning.tlp() != null) {
                    tlps.add(new Granular(position, meaning.tlp(), null, selectors, element));
                } else if (meaning.code() != null) {
                    codes.add(new Granular(position, null, meaning.code(), selectors, element));
                } else {
                    warn(property, "a TLP marking or a one-word statement marking (this marking is left out)",
                            new JsonPrimitive(ref.getAsString() + ": " + meaning.text()));
                }
            }
            Map<Granular, TreeSet<String>> codesOf = new LinkedHashMap<>();
            tlps.forEach(tlp -> codesOf.put(tlp, new TreeSet<>()));
            for (Granular code : codes) {
                Granular tlp = null;
                for (Granular candidate : tlps) {
                    if (candidate.selectors.equals(code.selectors)
                            && (tlp == null || candidate.position < code.position)) {
                        tlp = candidate;
                    }
                }
                if (tlp == null) {
                    warn(property, "a TLP granular marking with the same selectors next to a handling code (the"
                            + " model keeps handling codes only with a TLP label; this marking is left out)",
                            code.element);
                } else {
                    codesOf.get(tlp).add(code.code);
                }
            }
            JsonObject written = written(record);
            List<GranularMarking> granularMarkings = new ArrayList<>();
            for (Map.Entry<Granular, TreeSet<String>> entry : codesOf.entrySet()) {
                List<String> selectors = carried(entry.getKey().selectors, written);
                if (!selectors.isEmpty()) {
                    granularMarkings.add(GranularMarking.of(HandlingMarking.builder().tlp(entry.getKey().tlp)
                            .handlingCodes(entry.getValue()).build(), selectors.toArray(String[]::new)));
                }
            }
            return granularMarkings;
        }

        /**
         * The selectors that name content the record carries, so that the granular marking stays true of what is
         * written back. A selector into content this format reshapes (a list that lost an element, a kill chain
         * phase with members of its own) is widened to the whole property, the safe side; one that names nothing in
         * the object, or a property left out, is left out with a warning.
         */
        private List<String> carried(List<String> selectors, JsonObject written) {
            LinkedHashSet<String> kept = new LinkedHashSet<>();
            for (String selector : selectors) {
                JsonElement source = Selectors.resolve(object, selector);
                if (source == null) {
                    warn("granular_markings", "a selector naming content of the object, such as description or"
                            + " labels.[0] (this selector is left out)", new JsonPrimitive(selector));
                    continue;
                }
                if (written == null) {
                    kept.add(selector); // the record cannot be written back anyway; encode reports why
                    continue;
                }
                if (source.equals(Selectors.resolve(written, selector))) {
                    kept.add(selector);
                    continue;
                }
                String property = Selectors.property(selector);
                if (Selectors.resolve(written, property) == null) {
                    warn("granular_markings", "a selector naming a property this format carries (the property"
                            + " is left out, and so is its marking)", new JsonPrimitive(selector));
                } else {
                    if (!property.equals(selector)) {
                        warn("granular_markings", "a selector naming content this format keeps as it is (the"
                                + " marking is widened to the whole " + property + ")", new JsonPrimitive(selector));
                    }
                    kept.add(property);
                }
            }
            return new ArrayList<>(kept);
        }

        /** The object {@link ObjectEncoder} writes for the record; null when it cannot write it. */
        private JsonObject written(ThreatIndicator record) {
            try {
                return ObjectEncoder.encode(location, record, new TreeMap<>());
            } catch (ObjectEncoder.Unrepresentable e) {
                return null;
            }
        }

        /** Applies one of the object's marking references to its TLP labels or handling codes. */
        private void mark(String property, String ref, TreeSet<Tlp> tlps, TreeSet<String> codes) {
            Markings.Meaning meaning = markings.resolve(ref);
            if (meaning == null) {
                warn(property, "a TLP marking definition known to STIX 2.1 or defined in the bundle (the marking"
                        + " is left out)", new JsonPrimitive(ref));
            } else if (meaning.tlp() != null) {
                tlps.add(meaning.tlp());
            } else if (meaning.code() != null) {
                codes.add(meaning.code());
            } else {
                warn(property, "a TLP marking or a one-word statement marking (this marking is left out)",
                        new JsonPrimitive(ref + (meaning.text() == null ? "" : ": " + meaning.text())));
            }
        }

        private String identifier(String property, String ref) throws Rejected {
            if (!StixIds.isIdentifier(ref, null)) {
                throw reject(property, "a STIX identifier \"<type>--<UUID>\"", ref);
            }
            return ref;
        }

        private Instant timestamp(String property, JsonElement value) throws Rejected {
            if (!isString(value)) {
                throw reject(property, "a STIX timestamp such as 2015-05-15T09:12:16.432Z", found(value));
            }
            try {
                return StixIds.parseTimestamp(value.getAsString());
            } catch (DateTimeParseException e) {
                throw reject(property, "a STIX timestamp such as 2015-05-15T09:12:16.432Z", value.getAsString());
            }
        }

        /** A string, or null when blank (a blank value says nothing). */
        private String text(String property, JsonElement value) throws Rejected {
            if (!isString(value)) {
                throw reject(property, "a string", found(value));
            }
            String text = value.getAsString();
            return text.isBlank() ? null : checked(property, text);
        }

        /** The non-blank strings of a list; other elements are left out with a warning. */
        private List<String> strings(String property, JsonElement value) throws Rejected {
            if (!value.isJsonArray()) {
                warn(property, "a list of strings (the value is left out)", value);
                return List.of();
            }
            List<String> strings = new ArrayList<>();
            for (JsonElement element : value.getAsJsonArray()) {
                if (!isString(element)) {
                    warn(property, "a list of strings (this element is left out)", element);
                } else if (!element.getAsString().isBlank()) {
                    strings.add(checked(property, element.getAsString()));
                }
            }
            return strings;
        }

        private String checked(String property, String text) throws Rejected {
            if (text.length() > fieldLimit) {
                throw reject(property, "at most " + fieldLimit + " characters", text.length() + " characters");
            }
            return text;
        }

        private void warn(String property, String expected, JsonElement value) {
            warnings.add(RecordError.of(location, property, expected, found(value)));
        }

        private Rejected reject(String property, String expected, String found) {
            return new Rejected(RecordError.of(location, property, expected, found));
        }
    }

    private static boolean isString(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    private static boolean isNumber(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
    }

    private static String found(JsonElement value) {
        if (value == null) {
            return null;
        }
        if (isString(value)) {
            return value.getAsString();
        }
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            return array.size() > 3 ? "a list of " + array.size() + " elements" : COMPACT.toJson(array);
        }
        return COMPACT.toJson(value);
    }
}
