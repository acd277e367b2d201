package org.liaison.plugin.transparency;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.liaison.api.record.Organisation;
import org.liaison.api.record.OwnershipRelation;
import org.liaison.api.record.Person;
import org.liaison.api.record.RecordType;
import org.liaison.api.transport.Payload;
import org.osgi.service.component.annotations.Component;

/**
 * Beneficial ownership as the <a href="https://standard.openownership.org/">Beneficial Ownership Data Standard</a>
 * (BODS) publishes it, as JSON: who owns or controls which company, as {@link Person}, {@link Organisation} and
 * {@link OwnershipRelation} records.
 *
 * <h2>What is read</h2>
 * A payload is a JSON array of statements (a single statement object is also read). Each statement is read by its
 * own shape, so the two may be mixed:
 * <ul>
 * <li><b>BODS 0.4 records</b>: {@code {"statementId", "statementDate", "publicationDetails": {"bodsVersion":
 * "0.4", ...}, "recordId", "recordType": "person" | "entity" | "relationship", "recordStatus", "declarationSubject",
 * "recordDetails": {...}}};</li>
 * <li><b>BODS 0.2 and 0.3 statements</b>: {@code {"statementID", "statementType": "personStatement" |
 * "entityStatement" | "ownershipOrControlStatement", ...}} with the details at the top level.</li>
 * </ul>
 * Every statement becomes one record, in payload order. {@code null}, a blank string and an absent member all mean
 * "not known".
 *
 * <h2>Record ids</h2>
 * A record's id is the statement's {@code recordId} (0.4) or {@code statementID} (0.2, 0.3; {@code statementId} is
 * also read). Relationships name their subject and interested party by those same ids, so a relation's
 * {@code subjectId} and {@code interestedPartyId} are the ids of the person and organisation records of the same
 * payload. In 0.4 every statement about the same record (new, updated, closed) carries the same {@code recordId},
 * so the records it gives share an id: later ones are newer versions of the same item. In 0.2 and 0.3 an update is
 * a new statement with its own {@code statementID}, so it gives a record with a new id.
 *
 * <h2>Mapping</h2>
 * Paths are relative to {@code recordDetails} in 0.4 and to the statement in 0.2 and 0.3.
 * <table>
 * <caption>BODS to model</caption>
 * <tr><th>BODS</th><th>model</th></tr>
 * <tr><td colspan="2"><b>person</b> ({@code recordType} person, {@code statementType} personStatement)</td></tr>
 * <tr><td>{@code names[]}: {@code fullName}, {@code givenName}, {@code familyName} (at least one usable name
 * required)</td><td>the first is {@code Person.name}, the others {@code aliases}; a name without {@code fullName}
 * gets one made of its given, patronymic and family names</td></tr>
 * <tr><td>{@code birthDate} ({@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD})</td><td>the one entry of
 * {@code datesOfBirth}, a {@code PartialDate} of the same precision</td></tr>
 * <tr><td>{@code deathDate} (the same forms)</td><td>{@code dateOfDeath}, of the same precision</td></tr>
 * <tr><td>{@code nationalities[]}: {@code {name, code}} (a code string in 0.2)</td><td>{@code nationalities} (ISO
 * alpha-2: the code, or an alpha-3 code converted, or else the name matched against Java's ISO tables)</td></tr>
 * <tr><td>{@code placeOfBirth}: {@code address}, {@code country}</td><td>{@code placeOfBirth},
 * {@code countryOfBirth}</td></tr>
 * <tr><td>{@code identifiers[]}: {@code id}, {@code scheme} (or {@code schemeName} when there is no scheme),
 * {@code schemeName}</td><td>{@code documents}: {@code number}, {@code type}, {@code note}; a scheme written
 * {@code {ISO alpha-3}-{TYPE}}, as BODS asks for persons (such as {@code IRL-TAXID}), gives the
 * {@code issuingCountry} ({@code IE})</td></tr>
 * <tr><td>{@code addresses[]}, then {@code placeOfResidence}</td><td>{@code addresses} (see addresses)</td></tr>
 * <tr><td colspan="2"><b>entity</b> ({@code recordType} entity, {@code statementType} entityStatement)</td></tr>
 * <tr><td>{@code name} (required)</td><td>{@code Organisation.name}</td></tr>
 * <tr><td>{@code alternateNames[]}</td><td>{@code aliases}</td></tr>
 * <tr><td>{@code jurisdiction}: {@code {name, code}}</td><td>{@code jurisdiction}; an ISO 3166-2 subdivision
 * code such as {@code US-DE} keeps its country {@code US} (with a warning)</td></tr>
 * <tr><td>{@code identifiers[]}: {@code scheme} (or {@code schemeName}) and {@code id}</td><td>{@code identifiers},
 * scheme to id; a second identifier of the same scheme is left out (with a warning)</td></tr>
 * <tr><td>{@code foundingDate}, {@code dissolutionDate}</td><td>{@code foundingDate}, {@code dissolutionDate}</td></tr>
 * <tr><td>{@code addresses[]}</td><td>{@code addresses}</td></tr>
 * <tr><td colspan="2"><b>addresses</b></td></tr>
 * <tr><td>{@code address}, {@code postCode}, {@code country} ({@code {name, code}}, or a code string in 0.2),
 * {@code type}</td><td>{@code Address.street}, {@code postalCode}, {@code country}, {@code note} (a
 * {@code placeOfResidence} without a type gets the note {@code residence})</td></tr>
 * <tr><td colspan="2"><b>relationship</b> ({@code recordType} relationship, {@code statementType}
 * ownershipOrControlStatement)</td></tr>
 * <tr><td>{@code subject} (0.4, a recordId) or {@code subject.describedByEntityStatement} (0.2, 0.3)</td>
 * <td>{@code OwnershipRelation.subjectId}</td></tr>
 * <tr><td>{@code interestedParty} (0.4, a recordId) or {@code interestedParty.describedByPersonStatement} /
 * {@code describedByEntityStatement} (0.2, 0.3)</td><td>{@code interestedPartyId}</td></tr>
 * <tr><td>{@code interestedParty.reason} (0.4) or {@code interestedParty.unspecified.reason} (0.2, 0.3)</td>
 * <td>{@code interestedPartyUnspecifiedReason}, in kebab case: {@code noBeneficialOwners} and
 * {@code no-beneficial-owners} both give {@code no-beneficial-owners}</td></tr>
 * <tr><td>the statement's {@code statementDate} (a date or a date-time; the time is dropped)</td>
 * <td>{@code statementDate}</td></tr>
 * <tr><td>{@code interests[]}: {@code type} (required)</td><td>{@code Interest.type}, in kebab case
 * ({@code votingRights} and {@code voting-rights} give {@code voting-rights}); the trust interests 0.4 renamed
 * take their 0.4 names ({@code settlor-of-trust} gives {@code settlor})</td></tr>
 * <tr><td>{@code directOrIndirect} (0.3, 0.4) or {@code interestLevel} (0.2)</td><td>{@code directOrIndirect}
 * ({@code direct}, {@code indirect}, {@code unknown})</td></tr>
 * <tr><td>{@code share.exact}, {@code share.minimum}, {@code share.maximum}</td><td>{@code shareExact},
 * {@code shareMin}, {@code shareMax} (exact decimals)</td></tr>
 * <tr><td>{@code share.exclusiveMinimum}, {@code exclusiveMaximum}: a number in 0.4, a flag in 0.2 and 0.3</td>
 * <td>the bound, when no inclusive one is given; the model's bounds are inclusive, so the exclusivity is reported
 * with a warning</td></tr>
 * <tr><td>{@code startDate}, {@code endDate}, {@code beneficialOwnershipOrControl}</td><td>the same</td></tr>
 * <tr><td>{@code details}</td><td>{@code details}, the text as given</td></tr>
 * <tr><td colspan="2"><b>every statement</b></td></tr>
 * <tr><td>{@code recordStatus} (0.4): {@code closed}; {@code new}, {@code updated} or none; any other value</td>
 * <td>{@code closed()} of the person, organisation or relation: true; false; false, with a warning. BODS 0.2 and 0.3
 * have no record status: a later statement names the ones it replaces ({@code replacesStatements}) and says what
 * ended with its dates ({@code endDate}, {@code dissolutionDate}, {@code deathDate}, all read), so their records are
 * never closed</td></tr>
 * <tr><td>an entry of {@code annotations} whose {@code statementPointerTarget} is {@code /} and whose
 * {@code description} is a TLP label optionally followed by handling codes ({@code TLP:AMBER H1}), as
 * {@link #encode} writes it</td><td>the record's {@code marking}</td></tr>
 * </table>
 *
 * <p><b>Not carried.</b> Left out silently (they describe the publication, not the item): {@code statementId} in
 * 0.4, {@code statementDate} of persons and entities, {@code publicationDetails}, {@code source},
 * {@code declaration}, {@code declarationSubject}, {@code isComponent}, {@code componentStatementIDs},
 * {@code replacesStatements}, other annotations; also {@code personType}, {@code entityType},
 * {@code publicListing}, {@code formedByStatute}, {@code uri}, name types, {@code patronymicName} (it stays in the
 * full name), the {@code postCode} and {@code type} of a place of birth, {@code taxResidencies} and
 * {@code politicalExposure} / {@code pepStatus}, identifier {@code uri}s. Left out with a
 * {@link DecodeSink#warning warning} (the record is kept): the {@code description} of an unspecified party,
 * exclusive share bounds, countries that name no ISO country, a second identifier of an entity's scheme,
 * identifiers without an id, unusable names and addresses, a {@code recordStatus} outside BODS's codelist (the
 * record is kept as not closed).
 *
 * <h2>Errors and limits</h2>
 * A statement that cannot be mapped is reported as a {@link RecordError} whose location is its JSON path and id,
 * such as {@code $[4] (recordId per-5faa4103dee78621)}, and whose field is the BODS member, such as
 * {@code recordDetails.birthDate}; the other statements are still decoded. A person without a usable name, an
 * entity without a name (BODS allows both for unknown and anonymous parties; the model does not), a relationship
 * whose subject is unspecified, an interest without a type, a date that is not {@code YYYY[-MM[-DD]]}, a share
 * outside 0 to 100 and a text member longer than 65,536 characters are such errors, and so is a statement in which
 * a JSON object names a member twice, at any depth (the field is the member's path, such as
 * {@code recordDetails.names[0].fullName}; the location has no id when the id member itself is repeated). JSON
 * leaves the meaning of such an object to the reader, and a generic reader keeps the last value, so a statement
 * could say one thing to one system and another to the next; it is left out rather than resolved either way. A
 * payload that is one statement with a repeated member gives that error too. The payload as a whole fails
 * with one {@link FormatException} naming it when it is not JSON, not UTF-8, truncated, not an array of
 * statements, larger than {@value #DOCUMENT_LIMIT} bytes, or holds one statement larger than
 * {@value #STATEMENT_LIMIT} bytes. The payload is read as a stream, one statement at a time, so memory stays
 * bounded by the statement limit whatever the payload's size.
 *
 * <h2>What is written</h2>
 * {@link #encode} writes a JSON array of BODS 0.4 statements, one per record, in order: {@code recordId} is the
 * record's id; {@code recordStatus} is {@code closed} for a closed record ({@code closed()} true), else
 * {@code new} for the first statement about an id and {@code updated} for the next; {@code statementId} is derived
 * from the content and the closed status (the same records give the same ids);
 * {@code publicationDetails} says BODS 0.4, today's date and the publisher {@code Liaison};
 * {@code declarationSubject} is the relation's subject, the entity itself, or for a person the subject of a
 * relation in the same output that names the person (else the person); persons are {@code knownPerson}s, the first
 * name of type {@code individual} and aliases {@code alternative}; entities are {@code registeredEntity} when they
 * have identifiers or a jurisdiction, else {@code legalEntity}; country names are Java's English names; a record's
 * marking becomes the annotation described above. Codes are written in 0.4's camel case. Partial dates are written
 * with their precision (BODS asks for full dates on interests; nothing is invented). Whatever is written decodes
 * back to the same records. A record this format cannot carry whole is left out and reported: a type other than
 * person, organisation and ownership relation; a person's sex, languages, height, weight, eye or hair colours,
 * distinguishing marks, more than one date of birth, a name's original script, quality or parts; an
 * {@linkplain org.liaison.api.record.PartialDate#approximate() approximate} date (BODS dates are exact); a document
 * whose issuing country is not the one its type names ({@code IRL-TAXID} for {@code IE}); an address with a city or
 * region, or whose note is not a BODS address type; codes that would not read back the same.
 *
 * <p>Stateless and thread-safe.
 */
@Component
@PartnerFormatService(partner = BodsJsonFormat.PARTNER_ID, format = BodsJsonFormat.ID)
public final class BodsJsonFormat implements PartnerFormat {

    /** The partner id. */
    public static final String PARTNER_ID = "transparency-international";
    /** The format id. */
    public static final String ID = "bods-json";
    /** The largest payload read, in bytes (256 MiB). */
    public static final long DOCUMENT_LIMIT = 256L * 1024 * 1024;
    /** The largest single statement, in bytes (4 MiB). */
    public static final long STATEMENT_LIMIT = 4L * 1024 * 1024;
    /** The longest text member read, in characters (64 Ki). */
    public static final int FIELD_LIMIT = 64 * 1024;
    /** Deeper than any BODS statement; guards against stack exhaustion on hostile input. */
    private static final int NESTING_LIMIT = 64;

    private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);
    /** The members a statement's id may come from (see {@link StatementReader#idOf}). */
    private static final Set<String> ID_MEMBERS = Set.of("recordId", "statementID", "statementId");

    private final long documentLimit;
    private final long statementLimit;
    private final int fieldLimit;
    private final Clock clock;

    /** The format with its standard limits. */
    public BodsJsonFormat() {
        this(DOCUMENT_LIMIT, STATEMENT_LIMIT, FIELD_LIMIT, Clock.systemUTC());
    }

    /** The format with other limits and clock, for tests. */
    BodsJsonFormat(long documentLimit, long statementLimit, int fieldLimit, Clock clock) {
        this.documentLimit = documentLimit;
        this.statementLimit = statementLimit;
        this.fieldLimit = fieldLimit;
        this.clock = clock;
    }

    @Override
    public Set<RecordType> recordTypes() {
        return EnumSet.of(RecordType.PERSON, RecordType.ORGANISATION, RecordType.OWNERSHIP_RELATION);
    }

    @Override
    public String fileExtension() {
        return "json";
    }

    /**
     * True for JSON (an array or an object) whose first bytes show BODS statements: {@code recordType} with
     * {@code recordDetails} or {@code bodsVersion} (0.4), or {@code statementType} with one of the three statement
     * types (0.2, 0.3); never for a canonical JSON document.
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
        if ((!text.startsWith("[") && !text.startsWith("{")) || text.contains("\"liaison-canonical-json\"")) {
            return false;
        }
        boolean records = text.contains("\"recordType\"")
                && (text.contains("\"recordDetails\"") || text.contains("\"bodsVersion\""));
        boolean statements = text.contains("\"statementType\"") && (text.contains("\"personStatement\"")
                || text.contains("\"entityStatement\"") || text.contains("\"ownershipOrControlStatement\""));
        return records || statements;
    }

    @Override
    public void decode(Payload payload, DecodeSink sink) throws FormatException {
        if (payload.size() > documentLimit) {
            throw new FormatException(payload.name() + ": " + payload.size() + " bytes, more than the limit of "
                    + documentLimit + " bytes for one document");
        }
        JsonReader reader = null;
        BoundedInputStream in = null;
        try (BoundedInputStream input = new BoundedInputStream(payload.open(), documentLimit, statementLimit,
                "statement")) {
            in = input;
            reader = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(NESTING_LIMIT);
            document(payload, in, reader, sink);
        } catch (BoundedInputStream.LimitExceededException e) {
            throw new FormatException(payload.name() + (e.wholeDocument() ? ": " : ": " + where(reader) + ": ")
                    + e.getMessage(), e);
        } catch (EOFException e) {
            throw new FormatException(payload.name() + ": truncated: the JSON ends " + where(reader)
                    + "; expected the rest of the statements and the closing ]", e);
        } catch (CharacterCodingException e) {
            throw new FormatException(payload.name() + ": not UTF-8 text " + where(reader), e);
        } catch (MalformedJsonException | JsonParseException e) {
            if (in != null && in.ended() && String.valueOf(e.getMessage()).startsWith("Unterminated")) {
                throw new FormatException(payload.name() + ": truncated: the JSON ends inside a value " + where(reader)
                        + "; expected the rest of the statements and the closing ]", e);
            }
            throw new FormatException(payload.name() + ": not valid JSON " + where(reader) + ": "
                    + reason(e.getMessage()), e);
        } catch (IllegalStateException | NumberFormatException e) {
            throw new FormatException(payload.name() + ": unexpected JSON " + where(reader) + ": "
                    + reason(e.getMessage()), e);
        } catch (IOException e) {
            throw new FormatException(payload.name() + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private void document(Payload payload, BoundedInputStream in, JsonReader reader, DecodeSink sink)
            throws IOException, FormatException {
        StatementReader statements = new StatementReader(fieldLimit);
        JsonToken first = reader.peek();
        if (first == JsonToken.BEGIN_ARRAY) {
            reader.beginArray();
            for (int index = 0; reader.hasNext(); index++) {
                in.startRecord();
                String location = "$[" + index + "]";
                JsonElement element;
                try {
                    element = UniqueMembers.read(reader);
                } catch (UniqueMembers.Repeated repeated) {
                    repeated(repeated, location, sink);
                    continue;
                }
                if (element.isJsonObject()) {
                    statement(statements, element.getAsJsonObject(), location, sink);
                } else {
                    sink.error(RecordError.of(location, null, "a BODS statement (a JSON object)", element.toString()));
                }
            }
            reader.endArray();
        } else if (first == JsonToken.BEGIN_OBJECT) {
            JsonObject object;
            UniqueMembers.Repeated repeated = null;
            try {
                object = UniqueMembers.read(reader).getAsJsonObject();
            } catch (UniqueMembers.Repeated e) {
                repeated = e;
                object = e.value().getAsJsonObject();
            }
            if (StatementReader.shape(object) == null) {
                throw new FormatException(payload.name() + ": expected a JSON array of BODS statements (or one"
                        + " statement, with recordType or statementType), found an object with members "
                        + shorten(object.keySet().toString()));
            }
            if (repeated != null) {
                repeated(repeated, "$", sink);
            } else {
                statement(statements, object, "$", sink);
            }
        } else {
            throw new FormatException(payload.name() + ": expected a JSON array of BODS statements, found " + first
                    + " " + where(reader));
        }
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new FormatException(payload.name() + ": unexpected content after the statements "
                    + where(reader));
        }
    }

    /** A statement that names a member twice: which of its values counts is ambiguous, so it is left out whole. */
    private static void repeated(UniqueMembers.Repeated repeated, String location, DecodeSink sink) {
        JsonElement value = repeated.value();
        String id = value.isJsonObject() && !(repeated.atTop() && ID_MEMBERS.contains(repeated.name()))
                ? StatementReader.idOf(value.getAsJsonObject()) : null;
        sink.error(RecordError.of(id == null ? location : location + " (" + id + ")", repeated.path(),
                repeated.expected(), repeated.found()));
    }

    private static void statement(StatementReader statements, JsonObject statement, String location,
            DecodeSink sink) {
        String id = StatementReader.idOf(statement);
        String where = id == null ? location : location + " (" + id + ")";
        // warnings are about a record that is kept: they are handed over only once it is
        List<RecordError> warnings = new ArrayList<>();
        DataRecord record;
        try {
            record = statements.read(statement, (field, expected, found) ->
                    warnings.add(RecordError.of(where, field, expected, found)));
        } catch (StatementReader.Invalid invalid) {
            sink.error(RecordError.of(where, invalid.field, invalid.expected, invalid.found));
            return;
        }
        sink.record(record);
        warnings.forEach(sink::warning);
    }

    private static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }

    /** {@code at line 3 column 5 (path $[2].recordDetails)}, from the reader's own description. */
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
        if (message.contains("setStrictness") || message.contains("setLenient")) {
            return "malformed JSON";
        }
        int at = message.indexOf(" at line ");
        if (at < 0) {
            at = message.indexOf(" at path ");
        }
        String reason = at < 0 ? message : message.substring(0, at);
        int see = reason.indexOf("\nSee ");
        return see < 0 ? reason : reason.substring(0, see);
    }

    @Override
    public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) throws IOException {
        List<RecordError> errors = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        Map<String, String> declarationOfPerson = new HashMap<>();
        for (DataRecord record : records) {
            if (record instanceof OwnershipRelation relation && relation.interestedPartyId().isPresent()) {
                declarationOfPerson.putIfAbsent(relation.interestedPartyId().get(), relation.subjectId());
            }
        }
        StatementReader check = new StatementReader(Integer.MAX_VALUE);
        Map<String, Integer> occurrences = new HashMap<>();

        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        JsonWriter writer = new JsonWriter(text);
        writer.setIndent("  ");
        writer.setHtmlSafe(false);
        writer.beginArray();
        for (int index = 0; index < records.size(); index++) {
            DataRecord record = records.get(index);
            if (record == null) {
                errors.add(RecordError.of("record " + index, null, "a record", null));
                continue;
            }
            String location = "record " + index + " (id " + record.id() + ")";
            String key = record.type().id() + "\n" + record.id();
            int occurrence = occurrences.getOrDefault(key, 0);
            String subject = record instanceof OwnershipRelation relation ? relation.subjectId()
                    : record instanceof Person ? declarationOfPerson.getOrDefault(record.id(), record.id())
                    : record.id();
            JsonObject statement;
            try {
                statement = StatementWriter.statement(record, occurrence == 0 ? "new" : "updated", subject,
                        occurrence, today);
            } catch (StatementWriter.Unrepresentable unrepresentable) {
                errors.add(RecordError.of(location, unrepresentable.field, unrepresentable.expected,
                        unrepresentable.found));
                continue;
            }
            if (!readsBack(check, statement, record)) {
                errors.add(RecordError.of(location, null, "a record that BODS 0.4 carries whole (this one would"
                        + " not read back the same: a code, a country or a name BODS spells differently)",
                        record.toString()));
                continue;
            }
            occurrences.put(key, occurrence + 1);
            ELEMENT.write(writer, statement);
        }
        writer.endArray();
        writer.flush();
        return errors;
    }

    /** Whether a written statement decodes to the record it was written from, without a warning. */
    private static boolean readsBack(StatementReader check, JsonObject statement, DataRecord record) {
        boolean[] warned = {false};
        try {
            DataRecord read = check.read(statement, (field, expected, found) -> warned[0] = true);
            return !warned[0] && read.equals(record);
        } catch (StatementReader.Invalid invalid) {
            return false;
        }
    }
}
