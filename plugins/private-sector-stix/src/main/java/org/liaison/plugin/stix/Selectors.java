package org.liaison.plugin.stix;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * STIX 2.1 granular-marking selectors (section 7.2.3.1): a path into the object it appears in, property names and
 * list indexes separated by dots, such as {@code description}, {@code labels.[1]} or
 * {@code external_references.[0].url}.
 */
final class Selectors {

    private static final Pattern INDEX = Pattern.compile("\\[(0|[1-9][0-9]{0,8})\\]");

    private Selectors() {
    }

    /** What the selector names in the object; null when it names nothing there or is not a selector. */
    static JsonElement resolve(JsonObject object, String selector) {
        JsonElement current = object;
        for (String step : selector.split("\\.", -1)) {
            Matcher index = INDEX.matcher(step);
            if (index.matches()) {
                if (!current.isJsonArray()) {
                    return null;
                }
                JsonArray array = current.getAsJsonArray();
                int at = Integer.parseInt(index.group(1));
                current = at < array.size() ? array.get(at) : null;
            } else {
                current = !step.isEmpty() && current.isJsonObject() ? current.getAsJsonObject().get(step) : null;
            }
            if (current == null || current.isJsonNull()) {
                return null;
            }
        }
        return current;
    }

    /** The top-level property a selector starts with: {@code labels} for {@code labels.[1]}. */
    static String property(String selector) {
        int dot = selector.indexOf('.');
        return dot < 0 ? selector : selector.substring(0, dot);
    }
}
