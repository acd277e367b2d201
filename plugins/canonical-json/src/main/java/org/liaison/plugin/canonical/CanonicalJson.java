package org.liaison.plugin.canonical;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import org.liaison.api.record.DataRecord;
import org.liaison.api.record.Incident;
import org.liaison.api.record.Notice;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.OwnershipRelation;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.SanctionListing;
import org.liaison.api.record.Seizure;
import org.liaison.api.record.ThreatIndicator;

/**
 * The mapping between model records and their canonical JSON objects: {@code {"type": "<record type id>", ...the
 * record's fields...}}. Dates are ISO-8601 strings, partial dates keep their precision ({@code "1979"}), enums use
 * their ids, absent optional fields are left out.
 */
final class CanonicalJson {

    /** The record classes, by type. A new record type in the api gets a line here. */
    private static final Map<RecordType, Class<? extends DataRecord>> CLASSES = new EnumMap<>(RecordType.class);

    static {
        CLASSES.put(RecordType.PERSON, Person.class);
        CLASSES.put(RecordType.ORGANISATION, Organisation.class);
        CLASSES.put(RecordType.NOTICE, Notice.class);
        CLASSES.put(RecordType.SANCTION_LISTING, SanctionListing.class);
        CLASSES.put(RecordType.SEIZURE, Seizure.class);
        CLASSES.put(RecordType.INCIDENT, Incident.class);
        CLASSES.put(RecordType.THREAT_INDICATOR, ThreatIndicator.class);
        CLASSES.put(RecordType.OWNERSHIP_RELATION, OwnershipRelation.class);
    }

    static final String TYPE = "type";

    private final Gson gson = new GsonBuilder()
            .registerTypeAdapterFactory(new BuilderTypeAdapterFactory())
            .registerTypeAdapterFactory(new IdEnumTypeAdapterFactory())
            .registerTypeAdapter(LocalDate.class, new StringAdapter<>(LocalDate::parse, "an ISO date like 2009-10-09"))
            .registerTypeAdapter(Instant.class,
                    new StringAdapter<>(Instant::parse, "an ISO instant like 2009-10-09T12:00:00Z"))
            .registerTypeAdapter(PartialDate.class,
                    new StringAdapter<>(PartialDate::parse, "a date like 1979, 1979-01 or 1979-01-17"))
            .disableHtmlEscaping()
            .create();

    static boolean knows(RecordType type) {
        return CLASSES.containsKey(type);
    }

    /** The record as a JSON object whose first member is its type. */
    JsonObject toJson(DataRecord record) {
        JsonObject object = new JsonObject();
        object.addProperty(TYPE, record.type().id());
        gson.toJsonTree(record, CLASSES.get(record.type())).getAsJsonObject().entrySet()
                .forEach(member -> object.add(member.getKey(), member.getValue()));
        return object;
    }

    /**
     * The record a JSON object describes.
     *
     * @throws JsonParseException when the object is not a valid record; the message says what is wrong
     */
    DataRecord fromJson(JsonObject object) {
        JsonElement typeElement = object.get(TYPE);
        if (typeElement == null || !typeElement.isJsonPrimitive()) {
            throw new JsonParseException("field 'type' is missing: expected a record type id");
        }
        RecordType type;
        try {
            type = RecordType.fromId(typeElement.getAsString());
        } catch (IllegalArgumentException e) {
            throw new JsonParseException("field 'type': " + e.getMessage(), e);
        }
        Class<? extends DataRecord> recordClass = CLASSES.get(type);
        if (recordClass == null) {
            throw new JsonParseException("field 'type': record type '" + type.id() + "' is not supported by this"
                    + " version of the canonical JSON format");
        }
        JsonObject fields = object.deepCopy();
        fields.remove(TYPE);
        DataRecord record = gson.fromJson(fields, recordClass);
        if (record == null) {
            throw new JsonParseException("expected a " + type.id() + " record, found null");
        }
        return record;
    }

    /** Writes one JSON value. */
    void writeElement(JsonWriter out, JsonElement element) throws IOException {
        gson.getAdapter(JsonElement.class).write(out, element);
    }

    /**
     * Writes a record as {@link #toJson} makes it, without building the tree: the record's own adapter writes into a
     * {@link RecordWriter}, which puts the type first.
     */
    void write(RecordWriter out, DataRecord record) throws IOException {
        out.typeOfNextObject(record.type().id());
        @SuppressWarnings("unchecked")
        TypeAdapter<DataRecord> adapter = (TypeAdapter<DataRecord>) gson.getAdapter(CLASSES.get(record.type()));
        adapter.write(out, record);
    }

    /** A JSON writer that begins the next object it is told of with its {@code "type"} member. */
    static final class RecordWriter extends JsonWriter {
        private String pendingType;

        RecordWriter(Writer out) {
            super(out);
            setSerializeNulls(false); // as Gson writes, absent optional fields are left out
        }

        void typeOfNextObject(String type) {
            pendingType = type;
        }

        @Override
        public JsonWriter beginObject() throws IOException {
            super.beginObject();
            if (pendingType != null) {
                String type = pendingType;
                pendingType = null;
                name(TYPE).value(type);
            }
            return this;
        }
    }

    /** Reads and writes a value type as its ISO string. */
    private static final class StringAdapter<T> extends TypeAdapter<T> {

        interface Parser<T> {
            T parse(String text);
        }

        private final Parser<T> parser;
        private final String expected;

        StringAdapter(Parser<T> parser, String expected) {
            this.parser = parser;
            this.expected = expected;
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public T read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            String text = in.nextString();
            try {
                return parser.parse(text);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new JsonParseException("at " + in.getPreviousPath() + ": expected " + expected + ", found \""
                        + text + "\"", e);
            }
        }
    }
}
