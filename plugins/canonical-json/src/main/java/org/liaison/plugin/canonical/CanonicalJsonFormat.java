package org.liaison.plugin.canonical;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;

import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.PartnerFormatService;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.RecordType;
import org.liaison.api.transport.Payload;
import org.osgi.service.component.annotations.Component;

/**
 * The shared model's own JSON encoding, for any partner: what partners exchange before they have a format of
 * their own, and what a partner receives for a record type its own formats do not carry.
 *
 * <p>A document is {@code {"format": "liaison-canonical-json", "version": 1, "records": [ ... ]}}; each record is
 * an object whose {@code type} member is its record type id, followed by its fields. The document is read as a
 * stream, one record at a time, so memory stays bounded by the largest record, not by the document.
 *
 * <p>An object that names a member twice is refused wherever it is. JSON leaves the meaning of such an object to
 * the reader, and gson would keep the last value, so a record marked {@code TLP:RED} and then {@code TLP:CLEAR}
 * would be delivered as CLEAR by this plugin while another reader saw RED. In a record (at any depth) it makes
 * that record a per-record error whose field is the member's path within the record, such as {@code marking.tlp};
 * the other records are still decoded. In the document object ({@code format}, {@code version}, {@code records} or
 * any other member, at any depth outside the records) it fails the whole payload with a {@link FormatException}.
 */
@Component
@PartnerFormatService(partner = PartnerFormat.ANY_PARTNER, format = CanonicalJsonFormat.ID)
public final class CanonicalJsonFormat implements PartnerFormat {

    /** The format id. */
    public static final String ID = "canonical-json";

    static final String MARKER = "liaison-canonical-json";
    static final int VERSION = 1;
    /** Deeper nesting than any model record needs; guards against stack exhaustion on hostile input. */
    private static final int NESTING_LIMIT = 32;
    private static final Pattern FIELD_IN_MESSAGE = Pattern.compile("field '([^']+)'");

    private final CanonicalJson json = new CanonicalJson();

    @Override
    public Set<RecordType> recordTypes() {
        return EnumSet.copyOf(Arrays.stream(RecordType.values()).filter(CanonicalJson::knows).toList());
    }

    @Override
    public String fileExtension() {
        return "json";
    }

    @Override
    public boolean accepts(String name, byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        return text.stripLeading().startsWith("{") && text.contains("\"" + MARKER + "\"");
    }

    @Override
    public void decode(Payload payload, DecodeSink sink) throws FormatException {
        try (InputStream in = new BufferedInputStream(payload.open());
                JsonReader reader = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.setNestingLimit(NESTING_LIMIT);
            readDocument(payload, reader, sink);
        } catch (MalformedJsonException | java.io.EOFException e) {
            throw new FormatException(payload.name() + ": not valid JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FormatException(payload.name() + ": cannot be read: " + e.getMessage(), e);
        } catch (IllegalStateException | JsonParseException e) {
            throw new FormatException(payload.name() + ": " + e.getMessage(), e);
        }
    }

    private void readDocument(Payload payload, JsonReader reader, DecodeSink sink) throws IOException,
            FormatException {
        expect(payload, reader, JsonToken.BEGIN_OBJECT, "a canonical JSON document {\"format\": \"" + MARKER
                + "\", ...}");
        reader.beginObject();
        boolean marked = false;
        boolean sawRecords = false;
        Set<String> members = new HashSet<>();
        while (reader.hasNext()) {
            String member = reader.nextName();
            if (!members.add(member)) {
                throw repeated(payload, reader.getPath(), member);
            }
            switch (member) {
                case "format" -> {
                    String format = reader.nextString();
                    if (!MARKER.equals(format)) {
                        throw new FormatException(payload.name() + ": member 'format' at " + reader.getPreviousPath()
                                + ": expected \"" + MARKER + "\", found \"" + format + "\"");
                    }
                    marked = true;
                }
                case "version" -> {
                    int version = reader.nextInt();
                    if (version > VERSION) {
                        throw new FormatException(payload.name() + ": version " + version + " is newer than this"
                                + " plugin reads (" + VERSION + "); update the canonical-json plugin");
                    }
                }
                case "records" -> {
                    if (!marked) {
                        throw new FormatException(payload.name() + ": member 'format' must come before 'records'"
                                + " and be \"" + MARKER + "\"");
                    }
                    sawRecords = true;
                    readRecords(payload, reader, sink);
                }
                default -> {
                    try {
                        UniqueMembers.skip(reader);
                    } catch (UniqueMembers.Repeated e) {
                        throw repeated(payload, "$." + member + "." + e.path(), e.name());
                    }
                }
            }
        }
        reader.endObject();
        if (!sawRecords) {
            throw new FormatException(payload.name() + ": member 'records' is missing: expected an array of"
                    + " records");
        }
    }

    private void readRecords(Payload payload, JsonReader reader, DecodeSink sink) throws IOException,
            FormatException {
        expect(payload, reader, JsonToken.BEGIN_ARRAY, "member 'records' to be an array");
        reader.beginArray();
        int index = 0;
        while (reader.hasNext()) {
            String location = "$.records[" + index + "]";
            JsonElement element;
            try {
                element = UniqueMembers.read(reader);
            } catch (UniqueMembers.Repeated repeated) {
                sink.error(RecordError.of(repeated.atTop() && repeated.name().equals("id") ? location
                        : where(location, repeated.value()), repeated.path(), repeated.expected(),
                        repeated.found()));
                index++;
                continue;
            }
            if (!element.isJsonObject()) {
                sink.error(RecordError.of(location, null, "a record object", element.toString()));
            } else {
                decodeRecord(location, element.getAsJsonObject(), sink);
            }
            index++;
        }
        reader.endArray();
    }

    /** The location of a record, with its id when it has one: {@code $.records[3] (id s2)}. */
    private static String where(String location, JsonElement record) {
        JsonElement id = record != null && record.isJsonObject() ? record.getAsJsonObject().get("id") : null;
        return id != null && id.isJsonPrimitive() ? location + " (id " + id.getAsString() + ")" : location;
    }

    /** The document object names a member twice: which one the writer meant is unknown, so nothing is read. */
    private static FormatException repeated(Payload payload, String path, String member) {
        return new FormatException(payload.name() + ": member '" + member + "' appears twice at " + path
                + ": expected each member of the document once (an object that names a member twice is ambiguous:"
                + " readers differ on which value counts)");
    }

    private void decodeRecord(String location, JsonObject object, DecodeSink sink) {
        String where = where(location, object);
        DataRecord record;
        try {
            record = json.fromJson(object);
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            Matcher field = FIELD_IN_MESSAGE.matcher(message);
            sink.error(RecordError.of(where, field.find() ? field.group(1) : null, "a valid record: " + message,
                    null));
            return;
        }
        sink.record(record);
    }

    private static void expect(Payload payload, JsonReader reader, JsonToken token, String expected)
            throws IOException, FormatException {
        JsonToken found = reader.peek();
        if (found != token) {
            throw new FormatException(payload.name() + ": at " + reader.getPath() + ": expected " + expected
                    + ", found " + found);
        }
    }

    @Override
    public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) throws IOException {
        List<RecordError> errors = new ArrayList<>();
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CanonicalJson.RecordWriter writer = new CanonicalJson.RecordWriter(text);
        writer.setIndent("  ");
        writer.beginObject();
        writer.name("format").value(MARKER);
        writer.name("version").value(VERSION);
        writer.name("records").beginArray();
        for (int index = 0; index < records.size(); index++) {
            DataRecord record = records.get(index);
            if (record == null || !CanonicalJson.knows(record.type())) {
                errors.add(RecordError.of("record " + index, "type", "a record type this format carries",
                        record == null ? null : record.type().id()));
                continue;
            }
            json.write(writer, record);
        }
        writer.endArray();
        writer.endObject();
        writer.flush();
        return errors;
    }
}
