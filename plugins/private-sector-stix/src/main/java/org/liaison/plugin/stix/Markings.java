package org.liaison.plugin.stix;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.liaison.api.model.Tlp;

/**
 * STIX marking definitions: the fixed TLP definitions of STIX 2.1 and of the TLP 2.0 extension, the ones a bundle
 * embeds, and the statement markings this format writes for handling codes.
 *
 * <p>An instance holds what one payload's marking definitions mean, by id; it is filled by the first pass over the
 * payload and read by the second, so that an object may refer to a definition that comes later in the bundle.
 */
final class Markings {

    /** The TLP 2.0 extension definition (OASIS cti-stix-common-objects, {@code tlp-2.0}). */
    static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    /** The TLP 1.0 marking definitions STIX 2.1 predefines (section 7.2.1.4), written by {@code encode}. */
    static final Map<Tlp, String> STIX21_TLP = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            Tlp.CLEAR, "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
            Tlp.GREEN, "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            Tlp.AMBER, "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
            Tlp.RED, "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed")));

    /** The TLP 2.0 marking definitions of the OASIS TLP 2.0 extension. */
    static final Map<Tlp, String> TLP2 = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            Tlp.CLEAR, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp.GREEN, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp.AMBER, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp.AMBER_STRICT, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp.RED, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1")));

    private static final Map<String, Tlp> FIXED = new HashMap<>();

    static {
        STIX21_TLP.forEach((tlp, id) -> FIXED.put(id, tlp));
        TLP2.forEach((tlp, id) -> FIXED.put(id, tlp));
    }

    /** What a marking definition means: a TLP label, a handling code, or neither (a free-text statement). */
    record Meaning(Tlp tlp, String code, String text) {
    }

    private final Map<String, Meaning> embedded = new HashMap<>();

    /** How many marking definitions the payload embeds. */
    int size() {
        return embedded.size();
    }

    /** The id {@code encode} writes for a TLP label: STIX 2.1's own for the four TLP 1.0 labels, else TLP 2.0's. */
    static String idOf(Tlp tlp) {
        return STIX21_TLP.getOrDefault(tlp, TLP2.get(tlp));
    }

    /** The id of the statement marking definition {@code encode} writes for a handling code. */
    static String idOfCode(String code) {
        return "marking-definition--" + StixIds.uuid5(StixIds.STIX_NAMESPACE, "liaison-handling-code:" + code);
    }

    /** Remembers an embedded marking definition. */
    void collect(JsonObject definition) {
        JsonElement id = definition.get("id");
        if (id == null || !id.isJsonPrimitive()) {
            return;
        }
        embedded.put(id.getAsString(), meaningOf(definition));
    }

    /** What a marking definition id means; null when it is neither fixed nor embedded in the payload. */
    Meaning resolve(String id) {
        Tlp fixed = FIXED.get(id);
        if (fixed != null) {
            return new Meaning(fixed, null, null);
        }
        return embedded.get(id);
    }

    /**
     * Reads a marking definition: {@code definition_type "tlp"} with {@code definition.tlp}; the TLP 2.0 extension's
     * {@code tlp_2_0}; {@code definition_type "statement"} with {@code definition.statement} (a statement without
     * whitespace is a handling code); failing those, a {@code name} such as {@code TLP:AMBER}.
     */
    static Meaning meaningOf(JsonObject definition) {
        String type = string(definition, "definition_type");
        JsonObject body = object(definition, "definition");
        if ("tlp".equalsIgnoreCase(type) && body != null) {
            Tlp tlp = tlp(string(body, "tlp"));
            if (tlp != null) {
                return new Meaning(tlp, null, null);
            }
        }
        JsonObject extensions = object(definition, "extensions");
        JsonObject tlp2 = extensions == null ? null : object(extensions, TLP2_EXTENSION);
        if (tlp2 != null) {
            Tlp tlp = tlp(string(tlp2, "tlp_2_0"));
            if (tlp != null) {
                return new Meaning(tlp, null, null);
            }
        }
        if ("statement".equalsIgnoreCase(type) && body != null) {
            String statement = string(body, "statement");
            if (statement != null && !statement.isBlank()) {
                return statement.matches("\\S+") ? new Meaning(null, statement, null)
                        : new Meaning(null, null, statement);
            }
        }
        String name = string(definition, "name");
        if (name != null && name.toUpperCase(Locale.ROOT).startsWith("TLP:")) {
            Tlp tlp = tlp(name);
            if (tlp != null) {
                return new Meaning(tlp, null, null);
            }
        }
        return new Meaning(null, null, type == null ? "a marking definition of no known type" : type);
    }

    private static Tlp tlp(String label) {
        if (label == null) {
            return null;
        }
        try {
            return Tlp.fromId(label.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String string(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
    }

    private static JsonObject object(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }
}
