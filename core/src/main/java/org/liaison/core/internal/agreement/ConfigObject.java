package org.liaison.core.internal.agreement;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One JSON object of a configuration file, read member by member. Every problem becomes a {@link ConfigError} at
 * the member's path and the reading goes on, so that one pass reports all the problems of an entry; a getter returns
 * null when its member is missing or unusable (the error is already recorded).
 *
 * <p>Creating one reports the members that are not among the allowed ones: a typo in an optional member's name must
 * not make the member silently absent.
 */
final class ConfigObject {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The model's messages: {@code Agreement 'un-1997': field 'parties' <rule>, got <value>}. */
    private static final Pattern MODEL_FIELD_MESSAGE =
            Pattern.compile("[A-Za-z]+(?: '.*?')?: field '([A-Za-z0-9_]+)' (.*)", Pattern.DOTALL);
    private static final String MODEL_REQUIRED = "is required but was not set";
    private static final String MODEL_GOT = ", got ";
    /** The enums' fromId messages: {@code unknown cooperation area 'x': expected one of [...]}. */
    private static final Pattern UNKNOWN_ID_MESSAGE =
            Pattern.compile("unknown (.+?) '.*': expected (one of .*)", Pattern.DOTALL);
    private static final int LONGEST_SHOWN = 80;

    private final String file;
    private final String path;
    private final JsonObject json;
    private final List<ConfigError> errors;
    private final int errorsBefore;

    /**
     * @param file    the file name, for errors
     * @param path    the JSON path of the object, such as {@code $.agreements[0]}
     * @param json    the object
     * @param members the member names allowed in it, in the order to list them in errors
     * @param errors  where to add errors; shared by the objects read together
     */
    ConfigObject(String file, String path, JsonObject json, List<String> members, List<ConfigError> errors) {
        this.file = file;
        this.path = path;
        this.json = json;
        this.errors = errors;
        this.errorsBefore = errors.size();
        for (String name : json.keySet()) {
            if (!members.contains(name)) {
                errors.add(new ConfigError(file, member(path, name), "a member among " + members, quote(name)));
            }
        }
    }

    /** The JSON path of member {@code name} of the object at {@code path}. */
    static String member(String path, String name) {
        return IDENTIFIER.matcher(name).matches() ? path + "." + name
                : path + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** A string as JSON writes it, shortened when long, for the "found" part of an error. */
    static String quote(String value) {
        String shown = value.length() > LONGEST_SHOWN ? value.substring(0, LONGEST_SHOWN) + "..." : value;
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** A JSON value for the "found" part of an error: strings quoted, scalars as written, containers by kind. */
    static String describe(JsonElement value) {
        if (value == null) {
            return "nothing";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        if (value.isJsonNull()) {
            return "null";
        }
        return value.getAsJsonPrimitive().isString() ? quote(value.getAsString()) : value.toString();
    }

    String path() {
        return path;
    }

    JsonObject json() {
        return json;
    }

    /** The JSON path of one of this object's members. */
    String path(String name) {
        return member(path, name);
    }

    boolean has(String name) {
        return json.has(name);
    }

    /** Whether an error was reported for this object, its members or the objects read from it. */
    boolean failed() {
        return errors.size() > errorsBefore;
    }

    void error(String errorPath, String expected, String found) {
        errors.add(new ConfigError(file, errorPath, expected, found));
    }

    String requiredString(String name) {
        return string(name, true);
    }

    String optionalString(String name) {
        return string(name, false);
    }

    private String string(String name, boolean required) {
        JsonElement value = present(name, "a string", required);
        if (value == null) {
            return null;
        }
        if (isString(value)) {
            return value.getAsString();
        }
        error(path(name), "a string", describe(value));
        return null;
    }

    /** The strings of an array member, in order; null unless every element is a string. */
    List<String> requiredStrings(String name) {
        return strings(name, true);
    }

    /** The strings of an array member, in order; null when absent or unless every element is a string. */
    List<String> optionalStrings(String name) {
        return strings(name, false);
    }

    private List<String> strings(String name, boolean required) {
        JsonElement value = present(name, "an array of strings", required);
        if (value == null) {
            return null;
        }
        if (!value.isJsonArray()) {
            error(path(name), "an array of strings", describe(value));
            return null;
        }
        JsonArray array = value.getAsJsonArray();
        List<String> strings = new ArrayList<>(array.size());
        boolean allStrings = true;
        for (int i = 0; i < array.size(); i++) {
            JsonElement element = array.get(i);
            if (isString(element)) {
                strings.add(element.getAsString());
            } else {
                error(path(name) + "[" + i + "]", "a string", describe(element));
                allStrings = false;
            }
        }
        return allStrings ? strings : null;
    }

    /**
     * The objects of an array member, each read with its own allowed members; null when absent or not an array
     * (reported), and without the elements that are not objects (each reported).
     */
    List<ConfigObject> optionalObjects(String name, List<String> members) {
        JsonElement value = present(name, "an array of objects with the members " + members, false);
        if (value == null) {
            return null;
        }
        if (!value.isJsonArray()) {
            error(path(name), "an array of objects with the members " + members, describe(value));
            return null;
        }
        JsonArray array = value.getAsJsonArray();
        List<ConfigObject> objects = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonElement element = array.get(i);
            if (element.isJsonObject()) {
                objects.add(new ConfigObject(file, path(name) + "[" + i + "]", element.getAsJsonObject(), members,
                        errors));
            } else {
                error(path(name) + "[" + i + "]", "an object with the members " + members, describe(element));
            }
        }
        return objects;
    }

    /**
     * The constant named by a string member, through the enum's {@code fromId}.
     *
     * @param fromId the enum's {@code fromId}, which throws an {@link IllegalArgumentException} listing the known ids
     */
    <E> E requiredId(String name, Function<String, E> fromId) {
        String id = requiredString(name);
        return id == null ? null : id(path(name), id, fromId);
    }

    <E> E optionalId(String name, Function<String, E> fromId) {
        String id = optionalString(name);
        return id == null ? null : id(path(name), id, fromId);
    }

    /** The constants named by an array member, in order; null unless every element names one. */
    <E> List<E> requiredIds(String name, Function<String, E> fromId) {
        return ids(name, requiredStrings(name), fromId);
    }

    <E> List<E> optionalIds(String name, Function<String, E> fromId) {
        return ids(name, optionalStrings(name), fromId);
    }

    private <E> List<E> ids(String name, List<String> ids, Function<String, E> fromId) {
        if (ids == null) {
            return null;
        }
        List<E> constants = new ArrayList<>(ids.size());
        boolean allKnown = true;
        for (int i = 0; i < ids.size(); i++) {
            E constant = id(path(name) + "[" + i + "]", ids.get(i), fromId);
            allKnown &= constant != null;
            constants.add(constant);
        }
        return allKnown ? constants : null;
    }

    private <E> E id(String idPath, String id, Function<String, E> fromId) {
        try {
            return fromId.apply(id);
        } catch (IllegalArgumentException unknown) {
            String message = String.valueOf(unknown.getMessage());
            Matcher matcher = UNKNOWN_ID_MESSAGE.matcher(message);
            error(idPath, matcher.matches() ? "a known " + matcher.group(1) + " (" + matcher.group(2) + ")" : message,
                    quote(id));
            return null;
        }
    }

    LocalDate requiredDate(String name) {
        return date(name, requiredString(name));
    }

    LocalDate optionalDate(String name) {
        return date(name, optionalString(name));
    }

    private LocalDate date(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            error(path(name), "a date written yyyy-mm-dd, such as 2009-10-13", quote(text));
            return null;
        }
    }

    /** A member that is itself an object, read with its own allowed members; null when missing or not an object. */
    ConfigObject requiredObject(String name, List<String> members) {
        JsonElement value = present(name, "an object with the members " + members, true);
        if (value == null) {
            return null;
        }
        if (!value.isJsonObject()) {
            error(path(name), "an object with the members " + members, describe(value));
            return null;
        }
        return new ConfigObject(file, path(name), value.getAsJsonObject(), members, errors);
    }

    /**
     * The model object that {@code build} builds, or null when its builder refuses it. The refusal is reported at
     * the path of the field the model's message names, and at the array element when the message names the
     * offending value; otherwise at this object's path.
     */
    <T> T build(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException refused) {
            modelError(String.valueOf(refused.getMessage()));
            return null;
        }
    }

    private void modelError(String message) {
        Matcher matcher = MODEL_FIELD_MESSAGE.matcher(message);
        if (!matcher.matches()) {
            error(path, "an entry the model accepts", message);
            return;
        }
        String field = matcher.group(1);
        String rest = matcher.group(2);
        if (rest.equals(MODEL_REQUIRED)) {
            error(path(field), "a value (required)", "nothing");
            return;
        }
        int got = rest.lastIndexOf(MODEL_GOT);
        String rule = got < 0 ? rest : rest.substring(0, got);
        String found = got < 0 ? "a value that breaks this rule" : rest.substring(got + MODEL_GOT.length());
        error(elementPath(field, found), expectation(field, rule), found);
    }

    /** The path of the array element the model's quoted value is, when it is one; else the field's path. */
    private String elementPath(String field, String found) {
        JsonElement value = json.get(field);
        if (value != null && value.isJsonArray() && found.length() >= 2 && found.startsWith("'")
                && found.endsWith("'")) {
            String shown = found.substring(1, found.length() - 1);
            JsonArray array = value.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                if (isString(array.get(i)) && array.get(i).getAsString().equals(shown)) {
                    return path(field) + "[" + i + "]";
                }
            }
        }
        return path(field);
    }

    /** The model's rule ("must be a slug...") turned into what follows "expected" in a {@link ConfigError}. */
    private static String expectation(String field, String rule) {
        if (rule.startsWith("must not ")) {
            return "not to " + rule.substring("must not ".length());
        }
        if (rule.startsWith("must ")) {
            return "to " + rule.substring("must ".length());
        }
        if (rule.startsWith("is required")) {
            return "a value, as '" + field + "' " + rule;
        }
        if (rule.startsWith("is only allowed")) {
            return "no value, as '" + field + "' " + rule;
        }
        return "'" + field + "' to satisfy: " + rule;
    }

    private JsonElement present(String name, String expected, boolean required) {
        JsonElement value = json.get(name);
        if (value == null && required) {
            error(path(name), expected + " (required)", "nothing");
        }
        return value;
    }

    private static boolean isString(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }
}
