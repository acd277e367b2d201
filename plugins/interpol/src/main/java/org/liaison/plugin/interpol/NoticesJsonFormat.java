package org.liaison.plugin.interpol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;

import org.liaison.api.format.BoundedInputStream;
import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.PartnerFormatService;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.Notice;
import org.liaison.api.record.NoticeKind;
import org.liaison.api.record.RecordType;
import org.liaison.api.transport.Payload;
import org.osgi.service.component.annotations.Component;

/**
 * INTERPOL's public Notices API JSON ({@code https://ws-public.interpol.int/notices/v1/...}): red notices, yellow
 * notices and INTERPOL–UN Security Council special notices, as {@link Notice} records.
 *
 * <h2>What is read</h2>
 * A payload holds one API response or a JSON array of responses (as scrapers and partner exports batch them). A
 * response is either
 * <ul>
 * <li>a <b>list page</b>: {@code {"total", "query", "_embedded": {"notices": [ ... ]}, "_links": {"self", "first",
 * "next", "last"}}}, whose entries carry {@code entity_id}, {@code name}, {@code forename},
 * {@code date_of_birth}, {@code nationalities} and {@code _links} ({@code self}, {@code images},
 * {@code thumbnail}); or</li>
 * <li>a <b>notice detail</b> document: the same members at the top level plus {@code arrest_warrants},
 * {@code sex_id}, {@code place_of_birth}, {@code country_of_birth_id}, {@code languages_spoken_ids},
 * {@code height}, {@code weight}, {@code eyes_colors_id}, {@code hairs_id} and {@code distinguishing_marks}.</li>
 * </ul>
 * Every notice becomes one {@link Notice}, in payload order. {@code null}, a blank string and an absent member all
 * mean "not known".
 *
 * <h2>Mapping</h2>
 * <table>
 * <caption>Notices API member to model field</caption>
 * <tr><th>Notices API</th><th>model</th></tr>
 * <tr><td>{@code entity_id} (required, such as {@code 2021/81307})</td><td>{@code Notice.id} and the subject's
 * {@code Person.id}</td></tr>
 * <tr><td>the path of the notice's {@code _links.self.href}: {@code /red}, {@code /yellow}, {@code /un}; when the
 * notice has no self link, the page's self link, else the payload name (the data source names a page by its
 * URL)</td><td>{@code Notice.kind}: RED, YELLOW, UN_SECURITY_COUNCIL_SPECIAL</td></tr>
 * <tr><td>{@code _links.self.href}</td><td>{@code Notice.url}</td></tr>
 * <tr><td>{@code name}, {@code forename} (at least one required)</td><td>{@code PersonName.familyName},
 * {@code givenNames}; {@code fullName} is {@code "NAME Forename"} (or whichever is known)</td></tr>
 * <tr><td>{@code date_of_birth}: {@code 1979/01/17}, {@code 1979/01} or {@code 1979}</td><td>the one entry of
 * {@code Person.datesOfBirth}, a {@code PartialDate} of the same precision: no day or month is invented</td></tr>
 * <tr><td>{@code nationalities} (ISO 3166-1 alpha-2, as INTERPOL writes them; an alpha-3 code is converted with
 * the JDK's ISO tables)</td><td>{@code Person.nationalities}</td></tr>
 * <tr><td>{@code sex_id}: M, F, U</td><td>{@code Person.sex}</td></tr>
 * <tr><td>{@code place_of_birth}, {@code country_of_birth_id}</td><td>{@code Person.placeOfBirth},
 * {@code countryOfBirth}</td></tr>
 * <tr><td>{@code languages_spoken_ids} ({@code ENG}, {@code SPA})</td><td>{@code Person.languages}, in lower
 * case ({@code eng})</td></tr>
 * <tr><td>{@code height} (metres), {@code weight} (kilograms); 0 means not measured</td>
 * <td>{@code Person.heightMetres}, {@code weightKg}</td></tr>
 * <tr><td>{@code eyes_colors_id}, {@code hairs_id} (INTERPOL's codes, such as {@code BRO})</td>
 * <td>{@code Person.eyeColours}, {@code hairColours}, as given</td></tr>
 * <tr><td>{@code distinguishing_marks}</td><td>{@code Person.distinguishingMarks}</td></tr>
 * <tr><td>each of {@code arrest_warrants}: {@code charge} (or {@code charge_translation} when there is no
 * {@code charge}), {@code issuing_country_id}</td><td>a {@code Charge(country, text)}; a warrant with a country
 * but no charge adds only the country</td></tr>
 * <tr><td>every warrant's {@code issuing_country_id}</td><td>{@code Notice.requestingCountries}</td></tr>
 * </table>
 *
 * <p><b>Not carried</b> (read and dropped): {@code total}, {@code query} and the page links other than for the
 * kind; the {@code images} and {@code thumbnail} links; {@code charge_translation} when a {@code charge} is given;
 * the members only yellow notices and UN notices have (place and date of disappearance, parents' names and so
 * on). INTERPOL–UN special notices about entities ({@code /un/entities}) are reported as errors: the model's notice
 * is about a person.
 *
 * <h2>Errors and limits</h2>
 * A notice that cannot be mapped is reported as a {@link RecordError} whose location is its JSON path and
 * {@code entity_id}, such as {@code $._embedded.notices[4] (entity_id 2021/73114)}, and whose field is the API's
 * member name, such as {@code date_of_birth}; the other notices are still decoded. A text member longer than
 * 65,536 characters (64 Ki) is such an error, and so is a notice in which an object names a member twice (at any
 * depth; the field is the member's path, such as {@code entity_id} or {@code _links.self}): JSON leaves the
 * meaning of such an object to the reader, and a generic reader would keep the last value, so that a notice could
 * say one thing to one system and another to the next. The payload as a whole fails with one
 * {@link FormatException} naming it when it is not JSON, not UTF-8, truncated, not a Notices API response, larger
 * than {@value #DOCUMENT_LIMIT} bytes, names a member of a list page twice (at any depth outside its notices:
 * a page's members, such as {@code _embedded} or its {@code _links}, decide how all its notices are read), or holds
 * one notice (or one response's own members) larger than
 * {@value #RECORD_LIMIT} bytes. The payload is read as a stream, one notice at a time, so memory stays bounded by
 * the record limit whatever the payload's size.
 *
 * <h2>What is written</h2>
 * {@link #encode} writes the records in order as Notices API responses: consecutive notices of the same kind that
 * carry only what a list entry holds become entries of one list page whose {@code _links.self} is the kind's list
 * endpoint (written before {@code _embedded}, so that a streaming reader knows the kind first); a notice with
 * details and a {@code url} naming its kind becomes a detail document. A notice with details but no such URL stays
 * a list-page entry that also carries its detail members. One response is written as it is, several as a JSON
 * array. Whatever is written decodes back to the same records. A record this format cannot carry whole is left out
 * and reported: a type other than notice, a kind the public API does not publish (blue, black...), a record
 * marking, a publication date, a subject whose id is not the notice id, aliases, identity documents, addresses,
 * more than one date of birth, a name with an original script or a quality, a full name other than
 * {@code "NAME Forename"}, a charge whose country is not among the requesting countries.
 *
 * <p>Stateless and thread-safe.
 */
@Component
@PartnerFormatService(partner = NoticesJsonFormat.PARTNER_ID, format = NoticesJsonFormat.ID)
public final class NoticesJsonFormat implements PartnerFormat {

    /** The partner id. */
    public static final String PARTNER_ID = "interpol";
    /** The format id. */
    public static final String ID = "notices-json";
    /** The largest payload read, in bytes (256 MiB). */
    public static final long DOCUMENT_LIMIT = 256L * 1024 * 1024;
    /** The largest single notice, or a response's own members, in bytes (4 MiB). */
    public static final long RECORD_LIMIT = 4L * 1024 * 1024;
    /** Deeper than any Notices API document; guards against stack exhaustion on hostile input. */
    private static final int NESTING_LIMIT = 32;

    private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);

    private final long documentLimit;
    private final long recordLimit;

    /** The format with its standard limits. */
    public NoticesJsonFormat() {
        this(DOCUMENT_LIMIT, RECORD_LIMIT);
    }

    /** The format with other limits, for tests. */
    NoticesJsonFormat(long documentLimit, long recordLimit) {
        this.documentLimit = documentLimit;
        this.recordLimit = recordLimit;
    }

    @Override
    public Set<RecordType> recordTypes() {
        return EnumSet.of(RecordType.NOTICE);
    }

    @Override
    public String fileExtension() {
        return "json";
    }

    /**
     * True for JSON (an object or an array) whose first bytes show Notices API members ({@code entity_id},
     * {@code _embedded}, {@code arrest_warrants}) or the API's address, and that is not a canonical JSON document.
     */
    @Override
    public boolean accepts(String name, byte[] head) {
        if (head == null) {
            return false;
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = text.stripLeading();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return false;
        }
        if (text.contains("\"liaison-canonical-json\"")) {
            return false;
        }
        return text.contains("\"entity_id\"") || text.contains("\"_embedded\"")
                || text.contains("\"arrest_warrants\"") || text.contains("ws-public.interpol.int/notices");
    }

    @Override
    public void decode(Payload payload, DecodeSink sink) throws FormatException {
        if (payload.size() > documentLimit) {
            throw new FormatException(payload.name() + ": " + payload.size() + " bytes, more than the limit of "
                    + documentLimit + " bytes for one document");
        }
        JsonReader reader = null;
        try (BoundedInputStream in = new BoundedInputStream(payload.open(), documentLimit, recordLimit,
                "notice or response")) {
            reader = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(NESTING_LIMIT);
            new Decoding(payload, in, reader, sink).document();
        } catch (BoundedInputStream.LimitExceededException e) {
            throw new FormatException(payload.name() + (e.wholeDocument() ? ": " : ": " + where(reader) + ": ")
                    + e.getMessage(), e);
        } catch (EOFException e) {
            throw new FormatException(payload.name() + ": truncated: the JSON ends " + where(reader)
                    + "; expected the rest of the document", e);
        } catch (CharacterCodingException e) {
            throw new FormatException(payload.name() + ": not UTF-8 text " + where(reader), e);
        } catch (MalformedJsonException | JsonParseException e) {
            throw new FormatException(payload.name() + ": not valid JSON " + where(reader) + ": "
                    + reason(e.getMessage()), e);
        } catch (IllegalStateException | NumberFormatException e) {
            throw new FormatException(payload.name() + ": unexpected JSON " + where(reader) + ": "
                    + reason(e.getMessage()), e);
        } catch (IOException e) {
            throw new FormatException(payload.name() + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** {@code at line 3 column 5 (path $._embedded.notices[2])}, from the reader's own description. */
    private static String where(JsonReader reader) {
        if (reader == null) {
            return "at the start";
        }
        String text = reader.toString();
        int at = text.indexOf(" at line ");
        int path = text.indexOf(" path ");
        if (at < 0 || path < at) {
            return "at " + reader.getPath();
        }
        return text.substring(at + 1, path) + " (path " + text.substring(path + " path ".length()) + ")";
    }

    /** A parser message without its position (said by {@link #where}) and troubleshooting link. */
    private static String reason(String message) {
        if (message == null) {
            return "unreadable";
        }
        int at = message.indexOf(" at line ");
        if (at < 0) {
            at = message.indexOf(" at path ");
        }
        String reason = at < 0 ? message : message.substring(0, at);
        int see = reason.indexOf("\nSee ");
        return see < 0 ? reason : reason.substring(0, see);
    }

    /** One decoding run: the reader, where the records go, and what the payload's name says about the kind. */
    private final class Decoding {
        private final Payload payload;
        private final BoundedInputStream in;
        private final JsonReader reader;
        private final DecodeSink sink;
        private final NoticeKind nameKind;

        Decoding(Payload payload, BoundedInputStream in, JsonReader reader, DecodeSink sink) {
            this.payload = payload;
            this.in = in;
            this.reader = reader;
            this.sink = sink;
            this.nameKind = NoticePaths.kindOrNull(payload.name());
        }

        void document() throws IOException, FormatException {
            JsonToken first = reader.peek();
            if (first == JsonToken.BEGIN_OBJECT) {
                response("$", true);
            } else if (first == JsonToken.BEGIN_ARRAY) {
                reader.beginArray();
                for (int index = 0; reader.hasNext(); index++) {
                    String location = "$[" + index + "]";
                    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                        in.startRecord();
                        JsonToken found = reader.peek();
                        reader.skipValue();
                        sink.error(RecordError.of(location, null, "a Notices API response (a list page or a"
                                + " notice)", "a JSON " + found));
                    } else {
                        response(location, false);
                    }
                }
                reader.endArray();
            } else {
                throw new FormatException(payload.name() + ": expected a Notices API response (a JSON object) or"
                        + " an array of them, found " + first + " " + where(reader));
            }
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new FormatException(payload.name() + ": unexpected content after the response "
                        + where(reader));
            }
        }

        /**
         * One response: a list page's notices are streamed; a detail document's members are gathered. A member
         * named twice fails the payload when the response is a list page (the page is the envelope of its notices)
         * and is an error of the notice when it is a detail document.
         */
        private void response(String location, boolean single) throws IOException, FormatException {
            in.startRecord();
            reader.beginObject();
            JsonObject members = new JsonObject();
            Set<String> names = new HashSet<>();
            UniqueMembers.Repeated repeated = null;
            NoticeKind pageKind = null;
            boolean listPage = false;
            while (reader.hasNext()) {
                String member = reader.nextName();
                boolean first = names.add(member);
                if (!first && repeated == null) {
                    repeated = new UniqueMembers.Repeated(member, member, null);
                }
                if (listPage && repeated != null) {
                    throw repeatedInPage(location, repeated);
                }
                if (member.equals("_embedded") && reader.peek() == JsonToken.BEGIN_OBJECT) {
                    reader.beginObject();
                    Set<String> embeddedNames = new HashSet<>();
                    while (reader.hasNext()) {
                        String embedded = reader.nextName();
                        if (!embeddedNames.add(embedded) && repeated == null) {
                            repeated = new UniqueMembers.Repeated("_embedded." + embedded, embedded, null);
                        }
                        if (embedded.equals("notices") && reader.peek() == JsonToken.BEGIN_ARRAY) {
                            listPage = true;
                            if (repeated != null) {
                                throw repeatedInPage(location, repeated);
                            }
                            notices(location + "._embedded.notices", pageKind != null ? pageKind : nameKind);
                        } else {
                            repeated = skip("_embedded." + embedded, repeated);
                        }
                        if (listPage && repeated != null) {
                            throw repeatedInPage(location, repeated);
                        }
                    }
                    reader.endObject();
                } else if (listPage) {
                    repeated = skip(member, repeated);
                    if (repeated != null) {
                        throw repeatedInPage(location, repeated);
                    }
                } else {
                    JsonElement value;
                    try {
                        value = UniqueMembers.read(reader);
                    } catch (UniqueMembers.Repeated nested) {
                        value = nested.value();
                        if (repeated == null) {
                            repeated = new UniqueMembers.Repeated(member + "." + nested.path(), nested.name(), null);
                        }
                    }
                    if (first) {
                        members.add(member, value);
                        if (member.equals("_links")) {
                            pageKind = selfKind(value);
                        }
                    }
                }
            }
            reader.endObject();
            if (listPage) {
                if (repeated != null) {
                    throw repeatedInPage(location, repeated);
                }
                return;
            }
            if (repeated != null && members.has("entity_id")) {
                sink.error(RecordError.of(location + (repeated.path().equals("entity_id") ? "" : idOf(members)),
                        repeated.path(), repeated.expected(), repeated.found()));
                return;
            }
            if (members.has("entity_id")) {
                notice(members, location, nameKind);
            } else if (single) {
                throw new FormatException(payload.name() + ": expected a Notices API list page (with"
                        + " _embedded.notices) or a notice (with entity_id), found an object with members "
                        + members.keySet());
            } else {
                sink.error(RecordError.of(location, null, "a list page (with _embedded.notices) or a notice (with"
                        + " entity_id)", "an object with members " + members.keySet()));
            }
        }

        /**
         * Skips a member's value, looking at its member names: the first member named twice so far in the
         * response, the one already known or else one in this value (its path from the response), or null.
         */
        private UniqueMembers.Repeated skip(String member, UniqueMembers.Repeated known) throws IOException {
            try {
                UniqueMembers.skip(reader);
                return known;
            } catch (UniqueMembers.Repeated nested) {
                return known != null ? known
                        : new UniqueMembers.Repeated(member + "." + nested.path(), nested.name(), null);
            }
        }

        private FormatException repeatedInPage(String location, UniqueMembers.Repeated repeated) {
            String page = location.equals("$") ? "" : " of the response at " + location;
            return new FormatException(payload.name() + ": member '" + repeated.path() + "'" + page + " appears"
                    + " twice " + where(reader) + ": expected each member of a list page once (an object that names"
                    + " a member twice is ambiguous: readers differ on which value counts)");
        }

        private void notices(String location, NoticeKind fallback) throws IOException {
            reader.beginArray();
            for (int index = 0; reader.hasNext(); index++) {
                in.startRecord();
                String at = location + "[" + index + "]";
                JsonElement element;
                try {
                    element = UniqueMembers.read(reader);
                } catch (UniqueMembers.Repeated repeated) {
                    JsonElement value = repeated.value();
                    String id = value.isJsonObject() && !repeated.path().equals("entity_id")
                            ? idOf(value.getAsJsonObject()) : "";
                    sink.error(RecordError.of(at + id, repeated.path(), repeated.expected(), repeated.found()));
                    continue;
                }
                if (element.isJsonObject()) {
                    notice(element.getAsJsonObject(), at, fallback);
                } else {
                    sink.error(RecordError.of(at, null, "a notice object", element.toString()));
                }
            }
            reader.endArray();
        }

        private void notice(JsonObject object, String location, NoticeKind fallback) {
            Notice notice;
            try {
                notice = NoticeMapping.toNotice(object, fallback);
            } catch (NoticeMapping.Invalid invalid) {
                sink.error(RecordError.of(location + idOf(object), invalid.field, invalid.expected, invalid.found));
                return;
            }
            sink.record(notice);
        }

        private static String idOf(JsonObject object) {
            JsonElement id = object.get("entity_id");
            if (id != null && id.isJsonPrimitive() && id.getAsJsonPrimitive().isString()
                    && id.getAsString().length() <= 64 && !id.getAsString().isBlank()) {
                return " (entity_id " + id.getAsString() + ")";
            }
            return "";
        }

        private static NoticeKind selfKind(JsonElement links) {
            if (links.isJsonObject() && links.getAsJsonObject().get("self") instanceof JsonObject self
                    && self.get("href") instanceof com.google.gson.JsonPrimitive href && href.isString()) {
                return NoticePaths.kindOrNull(href.getAsString());
            }
            return null;
        }
    }

    @Override
    public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) throws IOException {
        List<RecordError> errors = new ArrayList<>();
        List<Response> responses = new ArrayList<>();
        for (int index = 0; index < records.size(); index++) {
            DataRecord record = records.get(index);
            String location = "record " + index;
            if (!(record instanceof Notice notice)) {
                errors.add(RecordError.of(location, "type", "a notice (this format carries INTERPOL notices only)",
                        record == null ? null : record.type().id()));
                continue;
            }
            location += " (id " + notice.id() + ")";
            boolean detail = NoticeMapping.hasDetails(notice)
                    && NoticePaths.kindOrNull(notice.url().orElse(null)) == notice.kind();
            try {
                if (detail) {
                    responses.add(new Response(null, List.of(NoticeMapping.toJson(notice, true, null))));
                } else {
                    JsonObject entry = NoticeMapping.toJson(notice, false, notice.kind());
                    Response last = responses.isEmpty() ? null : responses.get(responses.size() - 1);
                    if (last != null && last.pageKind == notice.kind()) {
                        last.notices.add(entry);
                    } else {
                        List<JsonObject> entries = new ArrayList<>();
                        entries.add(entry);
                        responses.add(new Response(notice.kind(), entries));
                    }
                }
            } catch (NoticeMapping.Invalid invalid) {
                errors.add(RecordError.of(location, invalid.field, invalid.expected, invalid.found));
            }
        }

        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        JsonWriter writer = new JsonWriter(text);
        writer.setIndent("  ");
        writer.setHtmlSafe(false);
        writer.setSerializeNulls(true);
        if (responses.size() == 1) {
            responses.get(0).write(writer);
        } else if (responses.isEmpty()) {
            new Response(null, List.of()).write(writer);
        } else {
            writer.beginArray();
            for (Response response : responses) {
                response.write(writer);
            }
            writer.endArray();
        }
        writer.flush();
        return errors;
    }

    /** A response to write: a list page of one kind ({@code pageKind} set) or one detail document. */
    private record Response(NoticeKind pageKind, List<JsonObject> notices) {

        void write(JsonWriter writer) throws IOException {
            if (pageKind == null && notices.size() == 1) {
                ELEMENT.write(writer, notices.get(0));
                return;
            }
            writer.beginObject();
            writer.name("total").value(notices.size());
            writer.name("query").beginObject().name("page").value(1).name("resultPerPage").value(notices.size())
                    .endObject();
            if (pageKind != null) {
                writer.name("_links").beginObject().name("self").beginObject().name("href")
                        .value(NoticePaths.listEndpoint(pageKind)).endObject().endObject();
            }
            writer.name("_embedded").beginObject().name("notices").beginArray();
            for (JsonObject notice : notices) {
                ELEMENT.write(writer, notice);
            }
            writer.endArray().endObject();
            writer.endObject();
        }
    }
}
