package org.liaison.plugin.stix;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;

/**
 * Reads one JSON value as gson's own {@code JsonElement} adapter does, but refuses an object that holds the same
 * member name twice.
 *
 * <p>RFC 8259 leaves the meaning of such an object to the reader: gson's tree and its reflective adapters keep the
 * last value, other readers the first, so {@code {"tlp": "TLP:RED", "tlp": "TLP:CLEAR"}} would be delivered as
 * CLEAR by one and RED by another. A record that two readers can see differently is not exchanged. The whole value
 * is read before it is refused, so that the caller can report that record and go on with the next one.
 *
 * <p>Objects and arrays are built here, which is what lets the names be seen; every other value is read by gson's
 * adapter, so numbers keep their text exactly as gson keeps it. Nesting is bounded by the reader's nesting limit.
 */
final class UniqueMembers {

    private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);

    /** A member name found twice in one object of the value read. */
    static final class Repeated extends Exception {

        private static final long serialVersionUID = 1L;

        private final String path;
        private final String name;
        private final transient JsonElement value;

        Repeated(String path, String name, JsonElement value) {
            super("member '" + path + "' appears twice", null, false, false);
            this.path = path;
            this.name = name;
            this.value = value;
        }

        /**
         * Where the repeated member is within the value read: its name for a member of the value itself, such as
         * {@code id}; a path for a nested one, such as {@code marking.tlp} or {@code names[1].fullName}.
         */
        String path() {
            return path;
        }

        /** The repeated name. */
        String name() {
            return name;
        }

        /** Whether the repeated member is one of the value itself, not of an object inside it. */
        boolean atTop() {
            return path.equals(name);
        }

        /** The value as read, each object keeping the first of its repeated members; null after {@link #skip}. */
        JsonElement value() {
            return value;
        }

        /** What was expected, for an error message. */
        String expected() {
            return "one member named " + name + " (an object that names a member twice is ambiguous: readers differ"
                    + " on which value counts)";
        }

        /** What was found, for an error message. */
        String found() {
            return "two members named " + name;
        }
    }

    /** What one walk over a value has seen. */
    private static final class Walk {
        private final boolean keep;
        private String path;
        private String name;

        Walk(boolean keep) {
            this.keep = keep;
        }
    }

    private UniqueMembers() {
    }

    /**
     * The next value of the reader, which is then positioned after it.
     *
     * @throws Repeated when an object in the value names a member twice (the first one found); the value has then
     *                  been read whole
     */
    static JsonElement read(JsonReader reader) throws IOException, Repeated {
        Walk walk = new Walk(true);
        JsonElement value = value(reader, "", walk);
        if (walk.path != null) {
            throw new Repeated(walk.path, walk.name, value);
        }
        return value;
    }

    /**
     * Skips the next value of the reader, as {@link JsonReader#skipValue()} does, but looks at its member names.
     *
     * @throws Repeated when an object in the value names a member twice; the value has then been read whole
     */
    static void skip(JsonReader reader) throws IOException, Repeated {
        Walk walk = new Walk(false);
        value(reader, "", walk);
        if (walk.path != null) {
            throw new Repeated(walk.path, walk.name, null);
        }
    }

    private static JsonElement value(JsonReader reader, String path, Walk walk) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = walk.keep ? new JsonObject() : null;
                Set<String> names = new HashSet<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    String at = path.isEmpty() ? name : path + "." + name;
                    boolean first = names.add(name);
                    if (!first && walk.path == null) {
                        walk.path = at;
                        walk.name = name;
                    }
                    JsonElement member = value(reader, at, walk);
                    if (first && object != null) {
                        object.add(name, member);
                    }
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = walk.keep ? new JsonArray() : null;
                reader.beginArray();
                for (int index = 0; reader.hasNext(); index++) {
                    JsonElement element = value(reader, path + "[" + index + "]", walk);
                    if (array != null) {
                        array.add(element);
                    }
                }
                reader.endArray();
                return array;
            }
            default -> {
                if (walk.keep) {
                    return ELEMENT.read(reader);
                }
                reader.skipValue();
                return null;
            }
        }
    }
}
