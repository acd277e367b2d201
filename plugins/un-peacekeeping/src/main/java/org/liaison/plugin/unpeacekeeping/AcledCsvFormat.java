package org.liaison.plugin.unpeacekeeping;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.PartnerFormatService;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.ActorRole;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.GeoPoint;
import org.liaison.api.record.Incident;
import org.liaison.api.record.IncidentActor;
import org.liaison.api.record.RecordType;
import org.liaison.api.transport.Payload;
import org.liaison.plugin.unpeacekeeping.Layout.Column;
import org.osgi.service.component.annotations.Component;

/**
 * Conflict and incident events as ACLED (the Armed Conflict Location &amp; Event Data project) publishes them
 * (CSV), as UN peacekeeping missions use them, to and from {@link Incident} records.
 *
 * <h2>Input</h2>
 * A UTF-8 CSV export (RFC 4180: comma-separated, fields with commas, quotes or line breaks in double quotes, a quote
 * inside a quoted field doubled; CRLF or LF line endings; a leading byte-order mark is ignored; blank lines are
 * skipped). Its first row is a header; column names are matched without regard to case or surrounding spaces and may
 * come in any order; columns not named below are ignored. The header must name each column once and have at least
 * {@code event_id_cnty, event_date, event_type, actor1, country, latitude, longitude, fatalities}; otherwise (or for
 * binary content, or a header that is not UTF-8) the whole payload is unreadable: one {@link FormatException}
 * naming the payload, what was expected and what was found. The layout is told from the header:
 * <ul>
 * <li><b>current</b> (a {@code disorder_type} column; ACLED's export since 2023, 31 columns):
 * {@code event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type, actor1,
 * assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country,
 * admin1, admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale, notes, fatalities,
 * tags, timestamp}; dates such as {@code 2025-04-01}; actor types as words ({@code State forces}).</li>
 * <li><b>older</b> (no {@code disorder_type}, and usually no {@code tags}): dates such as {@code 21 March 2020};
 * actor types as numeric codes ({@code inter1} 1 to 8, {@code interaction} such as {@code 12}); often extra
 * columns {@code data_id}, {@code event_id_no_cnty} and {@code iso3}.</li>
 * </ul>
 * Dates are read in either form in either layout; the layout only decides which form an error message asks for.
 *
 * <h2>Mapping</h2>
 * <table>
 * <caption>ACLED columns and the Incident fields they fill</caption>
 * <tr><th>ACLED</th><th>Incident</th><th>rule</th></tr>
 * <tr><td>event_id_cnty</td><td>id</td><td>required, at most 512 characters, such as {@code SOM49639}</td></tr>
 * <tr><td>event_date</td><td>date</td><td>required: {@code 2025-04-01} or {@code 21 March 2020} (English month
 * names, any case)</td></tr>
 * <tr><td>disorder_type</td><td>disorderType</td><td>optional</td></tr>
 * <tr><td>event_type</td><td>eventType</td><td>required</td></tr>
 * <tr><td>sub_event_type</td><td>subEventType</td><td>optional</td></tr>
 * <tr><td>actor1, assoc_actor_1, actor2, assoc_actor_2</td><td>actorRoles (and so actors)</td><td>in this order:
 * {@code actor1} as {@link ActorRole#ACTOR_1}, then each actor of {@code assoc_actor_1} as
 * {@link ActorRole#ASSOCIATE_OF_ACTOR_1}, then {@code actor2} as {@link ActorRole#ACTOR_2}, then each actor of
 * {@code assoc_actor_2} as {@link ActorRole#ASSOCIATE_OF_ACTOR_2}; {@code actors} are their names in the same
 * order. Empty cells add nothing. {@code actor1} and {@code actor2} are kept as written; the associated-actor cells
 * hold several actors separated by {@code ;} (ACLED writes {@code "; "}), each stripped of surrounding spaces. Both
 * layouts.</td></tr>
 * <tr><td>iso</td><td>countryCode</td><td>ACLED's {@code iso} is the ISO 3166-1 <em>numeric</em> code
 * ({@code 706}); it becomes the alpha-2 code ({@code SO}). A number that is no country's (ACLED writes {@code 0}
 * for Kosovo) is looked up by {@code iso3} (older layouts) and then by the {@code country} name (ISO's English
 * short name or Java's English display name, any case); when neither maps, the record is kept without a country
 * code and a warning says so. A cell that is not a number leaves the record out. An empty {@code iso} gives no
 * country code (or the one of {@code iso3}, in older layouts).</td></tr>
 * <tr><td>country</td><td>countryName</td><td>optional, as written</td></tr>
 * <tr><td>admin1, admin2, admin3, location</td><td>admin1, admin2, admin3, location</td><td>optional, as
 * written</td></tr>
 * <tr><td>latitude, longitude, geo_precision</td><td>point</td><td>decimal degrees (-90 to 90, -180 to 180) and
 * ACLED's precision code (1 the exact place, 2 nearby, 3 the region); both empty: no point (a precision without
 * them is left out with a warning); one empty or out of range: the record is left out</td></tr>
 * <tr><td>fatalities</td><td>fatalities</td><td>required: a whole number from 0</td></tr>
 * <tr><td>source</td><td>sources</td><td>split at {@code ;}, each stripped</td></tr>
 * <tr><td>notes</td><td>notes</td><td>optional, as written</td></tr>
 * <tr><td>tags</td><td>tags</td><td>split at {@code ;}, each stripped ({@code crowd size=no report})</td></tr>
 * <tr><td>year, time_precision, inter1, inter2, interaction, civilian_targeting, region, source_scale, timestamp,
 * iso3</td><td>not carried</td><td>the model has no field for them: lost. Note that {@code time_precision} 2 or 3
 * means ACLED knows the date only to the week or the month, yet the incident carries it as a day.</td></tr>
 * </table>
 * Text cells (every column but {@code event_date, year, iso, latitude, longitude, geo_precision, fatalities}) are
 * kept exactly as written, but for one thing: a text cell that begins with one or more single quotes {@code '}
 * followed by {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return loses its first quote, the one
 * that {@link #encode} (or a partner's tool that does the same) puts there to keep a spreadsheet from running the
 * cell as a formula (see Output). A text cell that begins with a quote followed by anything else keeps it. A blank
 * cell leaves an optional field unset.
 *
 * <h2>Errors</h2>
 * A row that cannot become an incident is reported as a {@link RecordError} and left out, and decoding goes on.
 * The location is {@code line <n>} (the line where the row starts; the header is line 1), the field is the column's
 * name as the file's header writes it: a missing or overlong id, a missing or unreadable date, a missing event
 * type, a missing or non-numeric fatality count, a bad coordinate or precision, a non-numeric {@code iso}, a row
 * with more or fewer fields than the header, a cell longer than 65,536 characters, a cell with bytes that are not
 * UTF-8. A short last row in a file that does not end with a line break, a quoted field left open at the end of
 * the file, a stray quote, a row longer than about 1,048,576 characters or a payload over 256 MiB make the whole
 * payload unreadable: one {@link FormatException} naming the payload and the line.
 *
 * <h2>Output</h2>
 * {@link #encode} writes the current layout: the 31-column header above, then one row per incident, UTF-8, LF line
 * endings (as ACLED's exports), fields quoted only when they need it. {@code year} is the date's year. An incident
 * with {@code actorRoles} has each actor written into the column of its role ({@code actor1}, {@code assoc_actor_1},
 * {@code actor2}, {@code assoc_actor_2}), the associates of a side joined with {@code "; "}, so every actor stays on
 * its side. An incident with {@code actors} but no roles (from a source that does not say who is on which side) is
 * written by position: {@code actor1} = the first, {@code actor2} = the last (when there are two or more) and
 * {@code assoc_actor_1} = those in between, joined with {@code "; "}; decoding it gives the same actors, with the
 * roles those columns mean. {@code iso} is the numeric code of the country code (an alpha-3 code is accepted and
 * comes back as alpha-2); sources and tags are joined with {@code "; "}. The columns the model does not carry
 * ({@code time_precision, inter1, inter2, interaction, civilian_targeting, region, source_scale, timestamp}) are
 * left empty.
 *
 * <p><b>Formulas.</b> UN police open these files in spreadsheets, so no text cell may begin like a formula (CSV
 * injection, as OWASP describes it): a text cell whose value begins with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return, or with single quotes followed by one of those, is written with a single
 * quote {@code '} in front ({@code =HYPERLINK("http://x","y")} is written {@code '=HYPERLINK("http://x","y")},
 * quoted as RFC 4180 requires; {@code '=A1} is written {@code ''=A1}); decoding takes that quote off again, as
 * above. The rule follows the column, not the value: the columns written from numbers and dates ({@code
 * event_date, year, iso, latitude, longitude, geo_precision, fatalities}) hold only numbers and ISO dates, so a
 * negative coordinate stays {@code -12.5}; every other column is text, even a value that looks like a number
 * ({@code -12.5} in {@code notes} is written {@code '-12.5}), because a spreadsheet must not compute with it.
 *
 * <p>Left out and reported: records other than incidents, incidents with their own handling marking (ACLED
 * has no place for one), a country code with no ISO numeric code, a date outside the years 0 to 9999, more than one
 * actor with the role {@code actor-1} (or {@code actor-2}), a list value (an associated actor, an actor between the
 * first and the last of role-less actors, a source, a tag) that contains {@code ;} or surrounding spaces, a value
 * longer than the input limits (counting the quote in front of a neutralised formula). Decoding what this writes
 * gives back the same incidents, except that an alpha-3
 * country code comes back as alpha-2, role-less actors come back with the roles of the columns they were written
 * in, and actors with roles come back in ACLED's order (side 1's actor, its associates, side 2's actor, its
 * associates) if they were in another.
 *
 * <p>Stateless and thread-safe: each call keeps its state in local objects.
 */
@Component
@PartnerFormatService(partner = AcledCsvFormat.PARTNER_ID, format = AcledCsvFormat.ID)
public final class AcledCsvFormat implements PartnerFormat {

    /** The partner id: the police component of UN peacekeeping missions. */
    public static final String PARTNER_ID = "unpol";

    /** The format id. */
    public static final String ID = "acled-csv";

    static final long MAX_DOCUMENT_BYTES = 256L * 1024 * 1024;
    static final int MAX_FIELD_CHARS = 64 * 1024;
    static final int MAX_ROW_CHARS = 1024 * 1024;
    static final int MAX_ID_CHARS = 512;

    static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
    private static final String LIST_SEPARATOR = "; ";
    private static final Map<ActorRole, Column> ROLE_COLUMNS = Map.of(ActorRole.ACTOR_1, Column.ACTOR1,
            ActorRole.ASSOCIATE_OF_ACTOR_1, Column.ASSOC_ACTOR_1, ActorRole.ACTOR_2, Column.ACTOR2,
            ActorRole.ASSOCIATE_OF_ACTOR_2, Column.ASSOC_ACTOR_2);
    private static final Map<ActorRole, ActorRole> ASSOCIATE_OF = Map.of(ActorRole.ACTOR_1,
            ActorRole.ASSOCIATE_OF_ACTOR_1, ActorRole.ACTOR_2, ActorRole.ASSOCIATE_OF_ACTOR_2);

    @Override
    public Set<RecordType> recordTypes() {
        return EnumSet.of(RecordType.INCIDENT);
    }

    @Override
    public String fileExtension() {
        return "csv";
    }

    /** True when the first line of {@code head} is the header of an ACLED export; the name is not looked at. */
    @Override
    public boolean accepts(String name, byte[] head) {
        if (head == null) {
            return false;
        }
        try {
            String text = new String(head, StandardCharsets.UTF_8);
            int end = 0;
            while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
                end++;
            }
            try (CSVParser parser = READ.parse(new StringReader(text.substring(0, end)))) {
                Iterator<CSVRecord> rows = parser.iterator();
                return rows.hasNext() && Layout.detect(rows.next().toList()).isPresent();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void decode(Payload payload, DecodeSink sink) throws FormatException {
        new EventDecoder(payload, sink).decode();
    }

    @Override
    public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) throws IOException {
        List<RecordError> errors = new ArrayList<>();
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        CSVPrinter printer = new CSVPrinter(writer, WRITE);
        printer.printRecord(Column.written().stream().map(Column::acledName).toList());
        for (int index = 0; index < records.size(); index++) {
            DataRecord record = records.get(index);
            if (record == null) {
                errors.add(RecordError.of("record " + index, null, "an incident", null));
                continue;
            }
            String location = "record " + index + " (id " + record.id() + ")";
            if (!(record instanceof Incident incident)) {
                errors.add(RecordError.of(location, "type", "an incident, the only record type of ACLED exports",
                        record.type().id()));
                continue;
            }
            Map<Column, String> cells = new EnumMap<>(Column.class);
            RecordError error = cells(location, incident, cells);
            if (error != null) {
                errors.add(error);
                continue;
            }
            printer.printRecord(Column.written().stream().map(cells::get).toList());
        }
        // Not closed: the caller owns the stream.
        printer.flush();
        return errors;
    }

    /** Fills the row of an incident, or says why it cannot be written. */
    private static RecordError cells(String location, Incident incident, Map<Column, String> cells) {
        if (incident.marking().isPresent()) {
            return RecordError.of(location, "marking", "no handling marking of its own: ACLED exports have no"
                    + " place for one (send the record under its exchange's marking)",
                    String.valueOf(incident.marking().get()));
        }
        LocalDate date = incident.date();
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return RecordError.of(location, "date", "a date in the years 0 to 9999", date.toString());
        }
        cells.put(Column.EVENT_ID_CNTY, incident.id());
        cells.put(Column.EVENT_DATE, date.format(DateTimeFormatter.ISO_LOCAL_DATE));
        cells.put(Column.YEAR, Integer.toString(date.getYear()));
        cells.put(Column.DISORDER_TYPE, incident.disorderType().orElse(null));
        cells.put(Column.EVENT_TYPE, incident.eventType());
        cells.put(Column.SUB_EVENT_TYPE, incident.subEventType().orElse(null));

        RecordError badActor = incident.actorRoles().isEmpty() ? actorsByPosition(location, incident.actors(), cells)
                : actorsByRole(location, incident.actorRoles(), cells);
        if (badActor != null) {
            return badActor;
        }

        if (incident.countryCode().isPresent()) {
            Integer numeric = CountryCodes.ISO.numericOf(incident.countryCode().get());
            if (numeric == null) {
                return RecordError.of(location, "countryCode", "an ISO 3166-1 country code that has a numeric"
                        + " code (ACLED's iso column is numeric)", incident.countryCode().get());
            }
            cells.put(Column.ISO, numeric.toString());
        }
        cells.put(Column.COUNTRY, incident.countryName().orElse(null));
        cells.put(Column.ADMIN1, incident.admin1().orElse(null));
        cells.put(Column.ADMIN2, incident.admin2().orElse(null));
        cells.put(Column.ADMIN3, incident.admin3().orElse(null));
        cells.put(Column.LOCATION, incident.location().orElse(null));
        if (incident.point().isPresent()) {
            GeoPoint point = incident.point().get();
            cells.put(Column.LATITUDE, degrees(point.latitude()));
            cells.put(Column.LONGITUDE, degrees(point.longitude()));
            cells.put(Column.GEO_PRECISION, point.precision().map(String::valueOf).orElse(null));
        }
        RecordError bad = listError(location, "sources", incident.sources());
        if (bad == null) {
            bad = listError(location, "tags", incident.tags());
        }
        if (bad != null) {
            return bad;
        }
        cells.put(Column.SOURCE, join(incident.sources()));
        cells.put(Column.NOTES, incident.notes().orElse(null));
        cells.put(Column.FATALITIES, Integer.toString(incident.fatalities()));
        cells.put(Column.TAGS, join(incident.tags()));

        for (Map.Entry<Column, String> cell : cells.entrySet()) {
            if (cell.getValue() == null) {
                continue;
            }
            if (cell.getKey().holdsText()) {
                cell.setValue(SpreadsheetFormulas.neutralise(cell.getValue()));
            }
            String value = cell.getValue();
            if (value.length() > MAX_FIELD_CHARS) {
                return RecordError.of(location, cell.getKey().acledName(), "at most " + MAX_FIELD_CHARS
                        + " characters", value.length() + " characters: " + value);
            }
            if (value.indexOf('\uFFFD') >= 0) {
                return RecordError.of(location, cell.getKey().acledName(), "text without U+FFFD, which reads"
                        + " back as bytes that were not UTF-8", value);
            }
        }
        if (incident.id().strip().length() != incident.id().length()) {
            return RecordError.of(location, "id", "an id without surrounding spaces", incident.id());
        }
        return null;
    }

    /** Each actor into the column of its role; the associates of a side joined with {@code "; "}. */
    private static RecordError actorsByRole(String location, List<IncidentActor> actors, Map<Column, String> cells) {
        Map<ActorRole, List<String>> byRole = new EnumMap<>(ActorRole.class);
        for (IncidentActor actor : actors) {
            byRole.computeIfAbsent(actor.role(), role -> new ArrayList<>()).add(actor.name());
        }
        for (Map.Entry<ActorRole, List<String>> entry : byRole.entrySet()) {
            ActorRole role = entry.getKey();
            List<String> names = entry.getValue();
            Column column = ROLE_COLUMNS.get(role);
            if (role == ActorRole.ACTOR_1 || role == ActorRole.ACTOR_2) {
                if (names.size() > 1) {
                    return RecordError.of(location, "actorRoles", "at most one actor with the role " + role.id()
                            + ": ACLED has a single " + column.acledName() + " cell (put the others on its side"
                            + " as " + ASSOCIATE_OF.get(role).id() + ")", names.size() + " actors " + names);
                }
                cells.put(column, names.get(0));
            } else {
                for (String name : names) {
                    if (name.indexOf(';') >= 0 || !name.strip().equals(name)) {
                        return RecordError.of(location, "actorRoles", "an actor with the role " + role.id()
                                + " without ';' or surrounding spaces: ACLED separates the actors of "
                                + column.acledName() + " with '; '", name);
                    }
                }
                cells.put(column, String.join(LIST_SEPARATOR, names));
            }
        }
        return null;
    }

    /**
     * Actors from a source that does not say who is on which side: {@code actor1} the first, {@code actor2} the
     * last, {@code assoc_actor_1} those in between.
     */
    private static RecordError actorsByPosition(String location, List<String> actors, Map<Column, String> cells) {
        if (!actors.isEmpty()) {
            cells.put(Column.ACTOR1, actors.get(0));
        }
        if (actors.size() >= 2) {
            cells.put(Column.ACTOR2, actors.get(actors.size() - 1));
        }
        if (actors.size() >= 3) {
            List<String> associated = actors.subList(1, actors.size() - 1);
            RecordError bad = listError(location, "actors", associated);
            if (bad != null) {
                return bad;
            }
            cells.put(Column.ASSOC_ACTOR_1, String.join(LIST_SEPARATOR, associated));
        }
        return null;
    }

    private static RecordError listError(String location, String field, List<String> values) {
        for (String value : values) {
            if (value.indexOf(';') >= 0 || !value.strip().equals(value)) {
                return RecordError.of(location, field, "values without ';' or surrounding spaces: ACLED separates"
                        + " the values of a cell with '; '", value);
            }
        }
        return null;
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? null : String.join(LIST_SEPARATOR, values);
    }

    /** Degrees that read back to the same double, without an exponent ({@code -0.0} keeps its sign). */
    static String degrees(double value) {
        return value == 0 ? Double.toString(value) : BigDecimal.valueOf(value).toPlainString();
    }
}
