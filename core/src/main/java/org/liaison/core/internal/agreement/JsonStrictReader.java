package org.liaison.core.internal.agreement;

import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads one configuration file's text into a gson tree with gson's {@link Strictness#STRICT strict} reader (RFC
 * 8259: no comments, single quotes, unquoted names, trailing commas, NaN...), and also refuses what strict gson lets
 * through but a configuration must not hold: a member name repeated in one object (a tree would silently keep the
 * last one, so a typo'd copy could override the reviewed value), content after the top-level value, and an empty
 * file.
 *
 * <p>Builds the tree itself rather than through {@code JsonParser}, which is what lets it see repeated names.
 */
final class JsonStrictReader {

    static final String STRICT_JSON =
            "strict JSON (RFC 8259: no comments, trailing commas, single quotes or unquoted names)";

    /** gson's message: a description, then where; the description for the strict-mode refusals is gson advice. */
    private static final Pattern GSON_MESSAGE =
            Pattern.compile("(.*?) at line (\\d+) column (\\d+) path (\\S*).*", Pattern.DOTALL);
    private static final String GSON_LENIENT_ADVICE = "Use JsonReader.setStrictness(Strictness.LENIENT) to accept "
            + "malformed JSON";

    /** Why a text is not a configuration document, in the terms of a {@link ConfigError}. */
    static final class Failure extends Exception {

        private static final long serialVersionUID = 1L;

        private final String path;
        private final String expected;
        private final String found;

        Failure(String path, String expected, String found) {
            super(path + ": expected " + expected + ", found " + found);
            this.path = path;
            this.expected = expected;
            this.found = found;
        }

        String path() {
            return path;
        }

        String expected() {
            return expected;
        }

        String found() {
            return found;
        }
    }

    private JsonStrictReader() {
    }

    /**
     * The JSON value that {@code text} holds.
     *
     * @throws Failure when the text is not exactly one strict JSON value without repeated member names; the failure
     *                 gives gson's line and column
     */
    static JsonElement read(String text) throws Failure {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            if (reader.peek() == JsonToken.END_DOCUMENT) {
                throw new Failure("$", "a JSON object", "an empty file");
            }
            JsonElement root = value(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new Failure("$", "the end of the file after the top-level value", "more content");
            }
            return root;
        } catch (EOFException e) {
            // gson says "End of input at line 1 column 1 path $" for an empty or whitespace-only text too
            if (text.isBlank()) {
                throw new Failure("$", "a JSON object", "an empty file");
            }
            throw syntax(e);
        } catch (IOException e) {
            throw syntax(e);
        }
    }

    private static JsonElement value(JsonReader reader) throws IOException, Failure {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        throw new Failure(reader.getPath(), "each member name at most once in an object",
                                "\"" + name + "\" a second time");
                    }
                    object.add(name, value(reader));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(value(reader));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                // a strict JSON number always parses as a BigDecimal; the format has no numbers, so this only
                // matters for showing what was found
                return new JsonPrimitive(new BigDecimal(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new IllegalStateException("unexpected token " + reader.peek() + " at " + reader.getPath());
        }
    }

    /** A syntax error with gson's line and column, without gson's advice to programmers. */
    private static Failure syntax(IOException e) {
        String message = String.valueOf(e.getMessage());
        Matcher matcher = GSON_MESSAGE.matcher(message);
        if (!matcher.matches()) {
            return new Failure("$", STRICT_JSON, message.lines().findFirst().orElse(message));
        }
        String description = matcher.group(1);
        if (description.equals(GSON_LENIENT_ADVICE)) {
            description = "malformed JSON";
        }
        String path = matcher.group(4);
        if (path.endsWith(".")) {
            // gson writes "$.a." while it expects the name of the member after a
            path = path.substring(0, path.length() - 1);
        }
        return new Failure(path.isEmpty() ? "$" : path, STRICT_JSON,
                description + " at line " + matcher.group(2) + " column " + matcher.group(3));
    }
}
