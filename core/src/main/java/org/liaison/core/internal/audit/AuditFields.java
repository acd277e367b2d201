package org.liaison.core.internal.audit;

import java.net.URI;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Turns an event's fields into the JSON members of its audit entry. Only plain values are accepted, so that an
 * entry never depends on how gson happens to reflect over some class.
 */
final class AuditFields {

    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    /** The members as JSON text without the enclosing braces: {@code "a":1,"b":"x"}, or empty. */
    String members(String event, Map<String, ?> fields) {
        if (fields.isEmpty()) {
            return "";
        }
        String object = gson.toJson(object(event, fields));
        return object.substring(1, object.length() - 1);
    }

    private JsonObject object(String path, Map<?, ?> map) {
        JsonObject object = new JsonObject();
        for (Map.Entry<?, ?> entry : ordered(map)) {
            if (!(entry.getKey() instanceof String name)) {
                throw new IllegalArgumentException("audit field " + path + ": the key " + entry.getKey()
                        + " is not a string");
            }
            object.add(name, element(path + "." + name, entry.getValue()));
        }
        return object;
    }

    private JsonElement element(String path, Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof TemporalAccessor
                || value instanceof UUID || value instanceof Path || value instanceof URI) {
            return new JsonPrimitive(value.toString());
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        if (value instanceof Number number) {
            if (number instanceof Double d && !Double.isFinite(d) || number instanceof Float f && !Float.isFinite(f)) {
                throw new IllegalArgumentException("audit field " + path + ": " + number + " is not a JSON number");
            }
            return new JsonPrimitive(number);
        }
        if (value instanceof Map<?, ?> map) {
            return object(path, map);
        }
        if (value instanceof Collection<?> || value instanceof Object[]) {
            Collection<?> items = value instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) value;
            JsonArray array = new JsonArray();
            int index = 0;
            for (Object item : items) {
                array.add(element(path + "[" + index++ + "]", item));
            }
            return array;
        }
        throw new IllegalArgumentException("audit field " + path + ": a " + value.getClass().getName()
                + " cannot be written; use strings, numbers, booleans, lists or maps");
    }

    /** Maps that have an order keep it; the others are sorted, so that the same fields always read the same. */
    private static List<? extends Map.Entry<?, ?>> ordered(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (!(map instanceof LinkedHashMap<?, ?> || map instanceof SortedMap<?, ?>)) {
            entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
        }
        return entries;
    }
}
