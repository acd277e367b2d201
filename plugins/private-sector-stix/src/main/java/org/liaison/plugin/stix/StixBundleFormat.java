package org.liaison.plugin.stix;

import java.io.EOFException;
import java.io.IOException;
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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
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
import org.liaison.api.record.RecordType;
import org.liaison.api.record.ThreatIndicator;
import org.liaison.api.transport.Payload;
import org.osgi.service.component.annotations.Component;

/**
 * A private company's threat intelligence as STIX 2.1 bundles (OASIS STIX Version 2.1, JSON), as
 * {@link ThreatIndicator} records. The partner is the threat-intelligence company that shares with INTERPOL under an
 * information-exchange memorandum of understanding.
 *
 * <h2>What is read</h2>
 * A payload is one STIX 2.1 bundle, {@code {"type": "bundle", "id": "bundle--...", "objects": [ ... ]}} (a TAXII
 * envelope {@code {"objects": [...]}} without {@code type} is read the same way). The bundle is read as a stream, one
 * object at a time, twice: the first pass reads only the marking definitions (an object may refer to one written
 * later in the bundle) and checks that the document is whole; the second maps the objects. A truncated payload
 * therefore yields no record at all, only its {@link FormatException}. Every STIX object of a type this format
 * carries becomes one {@code ThreatIndicator}, in bundle order; marking definitions (and the TLP 2.0 extension
 * definition) become the handling markings of the objects that refer to them and are not records themselves.
 *
 * <p>Types carried: attack-pattern, campaign, course-of-action, grouping, identity, indicator, infrastructure,
 * intrusion-set, location, malware, note, observed-data, opinion, report, threat-actor, tool, vulnerability (SDOs)
 * and relationship, sighting (SROs). Identities stay threat-intelligence records of {@code objectType "identity"}
 * rather than {@code Organisation}s: an identity is a producer, a target sector or a victim as the intelligence
 * describes it, and keeping it a STIX object keeps {@code created_by_ref} and relationships pointing at it
 * resolvable and round-trippable. Other types (cyber-observables such as {@code ipv4-addr}, malware-analysis,
 * language-content, extension definitions other than TLP 2.0's) are reported as per-record errors.
 *
 * <h2>Mapping</h2>
 * <table>
 * <caption>STIX property to model field</caption>
 * <tr><th>STIX</th><th>{@code ThreatIndicator}</th></tr>
 * <tr><td>{@code id} ({@code <type>--<UUID>}, required)</td><td>{@code id}</td></tr>
 * <tr><td>{@code type}</td><td>{@code objectType}</td></tr>
 * <tr><td>{@code name}, {@code description}</td><td>{@code name}, {@code description}</td></tr>
 * <tr><td>indicator {@code pattern}, {@code pattern_type}</td><td>{@code pattern}, {@code patternType}</td></tr>
 * <tr><td>indicator {@code valid_from}/{@code valid_until}; campaign, intrusion-set, threat-actor, malware,
 * infrastructure, sighting {@code first_seen}/{@code last_seen}; relationship
 * {@code start_time}/{@code stop_time}; observed-data {@code first_observed}/{@code last_observed}; report
 * {@code published}</td><td>{@code validFrom}/{@code validUntil}</td></tr>
 * <tr><td>{@code created}, {@code modified}</td><td>{@code created}, {@code modified}</td></tr>
 * <tr><td>relationship {@code source_ref}, {@code target_ref}; report, grouping, note, opinion, observed-data
 * {@code object_refs}; sighting {@code sighting_of_ref}</td><td>{@code relatedIds}: {@code [source_ref,
 * target_ref]}, the object_refs in order, {@code [sighting_of_ref]}</td></tr>
 * <tr><td>{@code external_references}: each {@code {source_name, description, url, hashes, external_id}}</td>
 * <td>{@code externalReferences}, one string each: the {@code source_name} alone when the reference has nothing
 * else, otherwise the reference as compact JSON, members in the partner's order, such as
 * {@code {"source_name":"cve","external_id":"CVE-2012-0158"}}</td></tr>
 * <tr><td>{@code labels}</td><td>{@code labels}, as they are (a label that would read as a qualified one below is
 * written {@code labels:<label>})</td></tr>
 * <tr><td>every other property of the type: {@code created_by_ref}, {@code revoked}, {@code confidence},
 * {@code lang}, {@code relationship_type}, {@code indicator_types}, {@code malware_types}, {@code is_family}
 * (when true), {@code report_types}, {@code threat_actor_types}, {@code aliases}, {@code roles}, {@code goals},
 * {@code sectors}, {@code identity_class}, {@code kill_chain_phases} ...</td><td>{@code labels}, qualified by the
 * property: {@code relationship_type:uses}, {@code indicator_types:malicious-activity},
 * {@code kill_chain_phases:<kill_chain_name>:<phase_name>}, one label per list element; listed after the plain
 * labels, in the order of the type's properties in the STIX specification</td></tr>
 * <tr><td>{@code object_marking_refs} to a TLP marking definition: the four that STIX 2.1 predefines (TLP:WHITE,
 * GREEN, AMBER, RED), the five of the TLP 2.0 extension, or one the bundle embeds ({@code definition_type "tlp"},
 * {@code definition {"tlp": "amber"}}, or the TLP 2.0 extension's {@code tlp_2_0})</td><td>{@code marking.tlp}
 * (TLP:WHITE is {@code CLEAR}); with several, the most restrictive, with a warning</td></tr>
 * <tr><td>{@code object_marking_refs} to an embedded statement marking whose statement is one word</td><td>
 * {@code marking.handlingCodes} (kept only next to a TLP marking)</td></tr>
 * <tr><td>{@code granular_markings}: each {@code {marking_ref, selectors}} whose {@code marking_ref} is a TLP
 * marking definition as above</td><td>one {@code granularMarkings} element, in order: {@code marking.tlp} from the
 * definition, {@code selectors} as they are (such as {@code description}, {@code labels.[1]})</td></tr>
 * <tr><td>{@code granular_markings} whose {@code marking_ref} is a one-word statement marking</td><td>a handling
 * code of the TLP granular marking with the same selectors (the nearest before it, else after it); without one,
 * left out with a warning</td></tr>
 * </table>
 *
 * <p><b>Markings of the record and of its fields.</b> The record's own {@code marking} is what
 * {@code object_marking_refs} say, and nothing else: a granular marking never raises it, and an object with granular
 * markings only has no record marking. Granular markings stay granular, as {@code granularMarkings}; the agreement
 * policy weighs them with the record's marking. A selector must name content of the object; one that names nothing
 * there, or names a property this format leaves out (a custom property, say), is left out with a warning, and so is
 * a granular marking left without selectors. A selector into content the mapping reshapes (a list that lost an
 * element it could not carry, a kill chain phase with members of its own) is widened to the whole property, such
 * as {@code labels.[2]} to {@code labels}, with a warning, so that the marking never ends up on the wrong value.
 *
 * <p><b>Not carried</b>: the bundle's own id; {@code spec_version} (always 2.1); custom properties
 * ({@code x_...}) and {@code extensions} of the objects; statement markings in free text, at object or field level;
 * granular markings in a language ({@code lang} instead of {@code marking_ref}; a {@code lang} next to a
 * {@code marking_ref} is dropped); granular markings whose definition is neither fixed nor in the bundle. Each
 * property or marking left out of a kept record is reported through {@link DecodeSink#warning(RecordError)}, naming
 * the object and the property.
 *
 * <h2>Errors and limits</h2>
 * An object that cannot be mapped is a {@link RecordError} whose location is its JSON path and id, such as
 * {@code $.objects[12] (id indicator--...)}, and whose field is the STIX property: a missing or malformed id, an
 * unknown type, a timestamp that is not one, a {@code spec_version} other than 2.1, a relationship without
 * {@code source_ref}, a text longer than {@value #FIELD_LIMIT} characters, an object in which a JSON object names
 * a member twice (at any depth; the field is the member's path, such as {@code name} or
 * {@code kill_chain_phases[0].phase_name}). JSON leaves the meaning of such an object to the reader, and a generic
 * reader keeps the last value, so a repeated member is never resolved either way. The other objects are still
 * decoded. The payload as a whole fails with one {@link FormatException} naming it when it is not JSON or not
 * UTF-8, is truncated, is not a STIX 2.1 bundle, names a member of the bundle object twice (at any depth outside
 * its objects), holds a marking definition that names a member twice (an object whose {@code type} is
 * {@code marking-definition}, or whose {@code type} is itself repeated: dropping it would leave the objects that
 * refer to it without their marking), is larger than {@value #DOCUMENT_LIMIT} bytes, holds one object larger than
 * {@value #OBJECT_LIMIT} bytes, or embeds more than {@value #MARKING_LIMIT} marking definitions.
 *
 * <h2>What is written</h2>
 * {@link #encode} writes one STIX 2.1 bundle: the marking definitions the records use (sorted by id), then one
 * object per record, in order, each with {@code spec_version "2.1"}. A TLP marking becomes {@code
 * object_marking_refs} to the marking definition STIX 2.1 predefines (TLP:CLEAR is written as TLP:WHITE), or, for
 * TLP:AMBER+STRICT, which TLP 1.0 lacks, to the TLP 2.0 extension's; a handling code becomes a statement marking
 * definition whose id is a UUIDv5 of the code. Each granular marking becomes {@code granular_markings} entries with
 * its selectors: one whose {@code marking_ref} is the TLP label's definition, chosen as for
 * {@code object_marking_refs}, then one per handling code; the definitions they name are written with the others.
 * The bundle id is a UUIDv5 (STIX namespace) of the objects written,
 * so the same records always give the same bytes. A record is left out and reported when STIX has no place for it
 * or it lacks what STIX requires: not a threat indicator, a type above not listed, an id that is not
 * {@code <objectType>--<UUID>}, no {@code created} or {@code modified}, an indicator without pattern, pattern type
 * or {@code validFrom}, a report without {@code validFrom} or related ids, a relationship without exactly two
 * related ids or a {@code relationship_type:} label, a field the type has no place for (a pattern on a malware,
 * related ids on a campaign), a granular marking whose selector names nothing in the object as written, an
 * external reference written as JSON that names a member twice. Whatever
 * this format decodes, it encodes back to the same records.
 *
 * <p>Stateless and thread-safe.
 */
@Component
@PartnerFormatService(partner = StixBundleFormat.PARTNER_ID, format = StixBundleFormat.ID)
public final class StixBundleFormat implements PartnerFormat {

    /** The partner id. */
    public static final String PARTNER_ID = "threat-intel-company";
    /** The format id. */
    public static final String ID = "stix21-json";
    /** The largest payload read, in bytes (256 MiB). */
    public static final long DOCUMENT_LIMIT = 256L * 1024 * 1024;
    /** The largest single STIX object, in bytes (4 MiB). */
    public static final long OBJECT_LIMIT = 4L * 1024 * 1024;
    /** The longest text value, in characters (64 Ki). */
    public static final int FIELD_LIMIT = 65_536;
    /** The most marking definitions one bundle may embed. */
    public static final int MARKING_LIMIT = 10_000;
    /** Deeper than STIX objects need; guards against stack exhaustion on hostile input. */
    private static final int NESTING_LIMIT = 64;

    private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);
    private static final Pattern BUNDLE_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"bundle\"");
    private static final Pattern SPEC_21 = Pattern.compile("\"spec_version\"\\s*:\\s*\"2\\.1\"");

    /** Receives the objects of a bundle, one at a time. */
    private interface ObjectVisitor {
        void visit(int index, JsonElement object) throws FormatException;

        /** An object that names a member twice and is not a marking definition; ignored unless overridden. */
        default void repeated(int index, UniqueMembers.Repeated repeated) {
        }
    }

    private final long documentLimit;
    private final long objectLimit;
    private final int fieldLimit;

    /** The format with its standard limits. */
    public StixBundleFormat() {
        this(DOCUMENT_LIMIT, OBJECT_LIMIT, FIELD_LIMIT);
    }

    /** The format with other limits, for tests. */
    StixBundleFormat(long documentLimit, long objectLimit, int fieldLimit) {
        this.documentLimit = documentLimit;
        this.objectLimit = objectLimit;
        this.fieldLimit = fieldLimit;
    }

    @Override
    public Set<RecordType> recordTypes() {
        return EnumSet.of(RecordType.THREAT_INDICATOR);
    }

    @Override
    public String fileExtension() {
        return "json";
    }

    /**
     * True for a JSON object whose first bytes say {@code "type": "bundle"}, or hold {@code "objects"} and
     * {@code "spec_version": "2.1"} (a TAXII envelope).
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
        if (!text.stripLeading().startsWith("{") || text.contains("\"liaison-canonical-json\"")) {
            return false;
        }
        return BUNDLE_TYPE.matcher(text).find() || (text.contains("\"objects\"") && SPEC_21.matcher(text).find());
    }

    @Override
    public void decode(Payload payload, DecodeSink sink) throws FormatException {
        if (payload.size() > documentLimit) {
            throw new FormatException(payload.name() + ": " + payload.size() + " bytes, more than the limit of "
                    + documentLimit + " bytes for one document");
        }
        Markings markings = new Markings();
        read(payload, (index, element) -> {
            if (element.isJsonObject() && isMarkingDefinition(element.getAsJsonObject())) {
                markings.collect(element.getAsJsonObject());
                if (markings.size() > MARKING_LIMIT) {
                    throw new FormatException(payload.name() + ": more than " + MARKING_LIMIT
                            + " marking definitions, at $.objects[" + index + "]");
                }
            }
        });
        ObjectDecoder decoder = new ObjectDecoder(markings, sink, fieldLimit);
        read(payload, new ObjectVisitor() {
            @Override
            public void visit(int index, JsonElement object) {
                decoder.decode(index, object);
            }

            @Override
            public void repeated(int index, UniqueMembers.Repeated repeated) {
                decoder.refuse(index, repeated);
            }
        });
    }

    /**
     * Whether an object that names a member twice is, or may be, a marking definition: other objects' handling
     * depends on it, so which of its values counts must not be guessed, nor may it be dropped (the objects that
     * refer to it would lose their marking).
     */
    private static boolean mayBeMarking(UniqueMembers.Repeated repeated) {
        if (repeated.atTop() && repeated.name().equals("type")) {
            return true;
        }
        return repeated.value().isJsonObject() && isMarkingDefinition(repeated.value().getAsJsonObject());
    }

    private static boolean isMarkingDefinition(JsonObject object) {
        JsonElement type = object.get("type");
        return type != null && type.isJsonPrimitive() && "marking-definition".equals(type.getAsString());
    }

    /** Streams the bundle's objects to the visitor, turning every way the input can be unreadable into one error. */
    private void read(Payload payload, ObjectVisitor visitor) throws FormatException {
        JsonReader reader = null;
        BoundedInputStream in = null;
        try {
            in = new BoundedInputStream(payload.open(), documentLimit, objectLimit, "STIX object");
            reader = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(NESTING_LIMIT);
            bundle(payload, in, reader, visitor);
        } catch (BoundedInputStream.LimitExceededException e) {
            throw new FormatException(payload.name() + (e.wholeDocument() ? ": " : ": " + where(reader) + ": ")
                    + e.getMessage(), e);
        } catch (EOFException e) {
            throw truncated(payload, reader, e);
        } catch (CharacterCodingException e) {
            throw new FormatException(payload.name() + ": not UTF-8 text " + where(reader), e);
        } catch (MalformedJsonException | JsonParseException e) {
            if (in != null && in.ended()) {
                throw truncated(payload, reader, e);
            }
            throw new FormatException(payload.name() + ": not valid JSON " + where(reader) + ": "
                    + reason(e.getMessage()), e);
        } catch (IllegalStateException | NumberFormatException e) {
            throw new FormatException(payload.name() + ": unexpected JSON " + where(reader) + ": "
                    + reason(e.getMessage()), e);
        } catch (IOException e) {
            throw new FormatException(payload.name() + ": cannot be read: " + e.getMessage(), e);
        } finally {
            close(in);
        }
    }

    private static FormatException truncated(Payload payload, JsonReader reader, Exception cause) {
        return new FormatException(payload.name() + ": truncated: the JSON ends " + where(reader)
                + "; expected the rest of the bundle", cause);
    }

    private static void close(BoundedInputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing was written; a failure to close a read stream changes no result
            }
        }
    }

    private void bundle(Payload payload, BoundedInputStream in, JsonReader reader, ObjectVisitor visitor)
            throws IOException, FormatException {
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
            throw new FormatException(payload.name() + ": expected a STIX 2.1 bundle (a JSON object with \"type\":"
                    + " \"bundle\"), found " + reader.peek() + " " + where(reader));
        }
        reader.beginObject();
        boolean typed = false;
        boolean sawObjects = false;
        Set<String> members = new HashSet<>();
        while (reader.hasNext()) {
            String member = reader.nextName();
            if (!members.add(member)) {
                throw repeated(payload, reader, "member '" + member + "' of the bundle",
                        "each member of the bundle once");
            }
            switch (member) {
                case "type" -> {
                    String type = reader.peek() == JsonToken.STRING ? reader.nextString() : null;
                    if (!"bundle".equals(type)) {
                        throw new FormatException(payload.name() + ": expected a STIX bundle, \"type\": \"bundle\","
                                + " found " + (type == null ? "no string" : "\"" + type + "\"") + " "
                                + where(reader));
                    }
                    typed = true;
                }
                case "spec_version" -> {
                    String version = reader.peek() == JsonToken.STRING ? reader.nextString() : null;
                    if (!"2.1".equals(version)) {
                        throw new FormatException(payload.name() + ": a STIX " + version + " bundle: this format"
                                + " reads STIX 2.1 (whose bundles have no spec_version of their own)");
                    }
                }
                case "objects" -> {
                    if (reader.peek() != JsonToken.BEGIN_ARRAY) {
                        throw new FormatException(payload.name() + ": member 'objects' " + where(reader)
                                + ": expected an array of STIX objects, found " + reader.peek());
                    }
                    sawObjects = true;
                    reader.beginArray();
                    for (int index = 0; reader.hasNext(); index++) {
                        in.startRecord();
                        JsonElement object;
                        try {
                            object = UniqueMembers.read(reader);
                        } catch (UniqueMembers.Repeated repeated) {
                            if (mayBeMarking(repeated)) {
                                throw repeated(payload, reader, "member '" + repeated.path() + "' of the marking"
                                        + " definition at $.objects[" + index + "]", "each member of a marking"
                                        + " definition once: the objects that refer to it are handled by what it"
                                        + " says");
                            }
                            visitor.repeated(index, repeated);
                            continue;
                        }
                        visitor.visit(index, object);
                    }
                    reader.endArray();
                }
                default -> {
                    try {
                        UniqueMembers.skip(reader);
                    } catch (UniqueMembers.Repeated repeated) {
                        throw repeated(payload, reader, "member '" + member + "." + repeated.path()
                                + "' of the bundle", "each member of the bundle once");
                    }
                }
            }
        }
        reader.endObject();
        boolean ends;
        try {
            ends = reader.peek() == JsonToken.END_DOCUMENT;
        } catch (MalformedJsonException e) {
            ends = false;
        }
        if (!ends) {
            throw new FormatException(payload.name() + ": unexpected content after the bundle " + where(reader));
        }
        if (!typed && !sawObjects) {
            throw new FormatException(payload.name() + ": not a STIX bundle: no \"type\": \"bundle\" and no"
                    + " 'objects'");
        }
    }

    private static FormatException repeated(Payload payload, JsonReader reader, String what, String expected) {
        return new FormatException(payload.name() + ": " + what + " appears twice " + where(reader) + ": expected "
                + expected + " (an object that names a member twice is ambiguous: readers differ on which value"
                + " counts)");
    }

    /** {@code at line 3 column 5 (path $.objects[2])}, from the reader's own description. */
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
        if (reason.startsWith("Use JsonReader.setStrictness")) {
            return "malformed JSON";
        }
        int see = reason.indexOf("\nSee ");
        return see < 0 ? reason : reason.substring(0, see);
    }

    @Override
    public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) throws IOException {
        List<RecordError> errors = new ArrayList<>();
        SortedMap<String, JsonObject> definitions = new TreeMap<>();
        JsonArray objects = new JsonArray();
        for (int index = 0; index < records.size(); index++) {
            DataRecord record = records.get(index);
            String location = "record " + index + (record == null ? "" : " (id " + record.id() + ")");
            if (!(record instanceof ThreatIndicator indicator)) {
                errors.add(RecordError.of(location, "type", "a threat-indicator record",
                        record == null ? null : record.type().id()));
                continue;
            }
            try {
                objects.add(ObjectEncoder.encode(location, indicator, definitions));
            } catch (ObjectEncoder.Unrepresentable e) {
                errors.add(e.error);
            }
        }
        JsonArray all = new JsonArray();
        definitions.values().forEach(all::add);
        all.addAll(objects);
        String bundleId = "bundle--" + StixIds.uuid5(StixIds.STIX_NAMESPACE, ObjectDecoder.COMPACT.toJson(all));

        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        JsonWriter writer = new JsonWriter(text);
        writer.setIndent("  ");
        writer.setHtmlSafe(false);
        writer.beginObject();
        writer.name("type").value("bundle");
        writer.name("id").value(bundleId);
        writer.name("objects");
        ELEMENT.write(writer, all);
        writer.endObject();
        writer.flush();
        text.write('\n');
        text.flush();
        return errors;
    }
}
