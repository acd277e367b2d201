package org.liaison.plugin.unpeacekeeping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.liaison.api.format.BoundedInputStream;
import org.liaison.api.format.BoundedRowReader;
import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.ActorRole;
import org.liaison.api.record.GeoPoint;
import org.liaison.api.record.Incident;
import org.liaison.api.record.IncidentActor;
import org.liaison.api.transport.Payload;
import org.liaison.plugin.unpeacekeeping.Layout.Column;
import org.liaison.plugin.unpeacekeeping.Layout.Header;

/**
 * Decodes one ACLED export, row by row, into the sink. One instance per call of
 * {@link AcledCsvFormat#decode(Payload, DecodeSink)}.
 */
final class EventDecoder {

    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /** ACLED's older date form, {@code 21 March 2020}; the day may have a leading zero. */
    private static final DateTimeFormatter LONG_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d MMMM uuuu").toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern LONG_DATE_SHAPE = Pattern.compile("[0-9]{1,2} [A-Za-z]{3,9} [0-9]{4}");
    /** A whole number from 0 to {@link Integer#MAX_VALUE}: see {@link #wholeNumber(String)}. */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,10}");
    private static final Pattern DEGREES = Pattern.compile("[-+]?([0-9]{1,3}(\\.[0-9]*)?|\\.[0-9]+)");
    private static final Pattern EOF_IN_QUOTES = Pattern.compile("\\(startline ([0-9,]+)\\) EOF reached before"
            + " encapsulated token finished");
    private static final Pattern BAD_QUOTE = Pattern.compile("Invalid character between encapsulated token and"
            + " delimiter at line: ([0-9,]+)");
    /** What the reader puts in place of bytes that are not UTF-8. */
    private static final char REPLACEMENT = '\uFFFD';

    private final Payload payload;
    private final DecodeSink sink;

    EventDecoder(Payload payload, DecodeSink sink) {
        this.payload = payload;
        this.sink = sink;
    }

    void decode() throws FormatException {
        String name = payload.name();
        if (payload.size() > AcledCsvFormat.MAX_DOCUMENT_BYTES) {
            throw new FormatException(name + ": " + payload.size() + " bytes, more than the limit of "
                    + AcledCsvFormat.MAX_DOCUMENT_BYTES + " bytes; split the export");
        }
        try (InputStream in = payload.open()) {
            BoundedRowReader reader = new BoundedRowReader(in, AcledCsvFormat.MAX_DOCUMENT_BYTES,
                    AcledCsvFormat.MAX_ROW_CHARS);
            try (CSVParser parser = AcledCsvFormat.READ.parse(reader)) {
                Iterator<CSVRecord> rows = parser.iterator();
                Header header = readHeader(rows, reader);
                readRows(parser, rows, reader, header);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new FormatException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private Header readHeader(Iterator<CSVRecord> rows, BoundedRowReader reader) throws FormatException {
        String expected = ": line 1: expected the header of an ACLED export, naming each column once and at least "
                + Layout.requiredColumns();
        List<String> names;
        try {
            if (!rows.hasNext()) {
                throw new FormatException(payload.name() + expected + ", found an empty file");
            }
            names = rows.next().toList();
            reader.rowDone();
        } catch (UncheckedIOException e) {
            throw new FormatException(payload.name() + expected + ", found " + unreadableHeader(e.getCause()), e);
        } catch (IllegalStateException e) {
            throw new FormatException(payload.name() + expected + ", found no complete header row ("
                    + firstBytes() + ")", e);
        }
        if (names.stream().anyMatch(name -> name.indexOf(REPLACEMENT) >= 0)) {
            throw new FormatException(payload.name() + expected + ", found bytes that are not UTF-8 text ("
                    + firstBytes() + ")");
        }
        Optional<Header> header = Layout.detect(names);
        if (header.isEmpty()) {
            throw new FormatException(payload.name() + expected + ", found '" + printable(String.join(",", names))
                    + "'");
        }
        return header.get();
    }

    private String unreadableHeader(IOException cause) {
        if (cause instanceof BoundedInputStream.LimitExceededException) {
            return cause.getMessage() + " before the first line break (" + firstBytes() + ")";
        }
        return "no complete header row (" + firstBytes() + ")";
    }

    private void readRows(CSVParser parser, Iterator<CSVRecord> rows, BoundedRowReader reader, Header header)
            throws FormatException {
        RecordError shortRow = null;
        while (true) {
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord row;
            try {
                if (!rows.hasNext()) {
                    break;
                }
                row = rows.next();
            } catch (UncheckedIOException e) {
                throw unreadable(line, e.getCause());
            } catch (IllegalStateException e) {
                throw new FormatException(payload.name() + ": line " + line + ": expected CSV (RFC 4180), found a"
                        + " row that cannot be parsed", e);
            }
            reader.rowDone();
            if (shortRow != null) {
                sink.error(shortRow);
                shortRow = null;
            }
            String location = "line " + line;
            if (row.size() < header.size()) {
                // Held back: if this is the last row and the file ends without a line break, it was truncated.
                shortRow = wrongWidth(location, header, row);
            } else if (row.size() > header.size()) {
                sink.error(wrongWidth(location, header, row));
            } else {
                decodeRow(location, header, row);
            }
        }
        if (shortRow != null) {
            if (!reader.endedWithLineBreak()) {
                throw new FormatException(payload.name() + ": " + shortRow.location() + ": the last row stops after "
                        + shortRow.found().orElse("?") + " and the file does not end with a line break: the file"
                        + " looks truncated; expected " + header.size() + " fields per row");
            }
            sink.error(shortRow);
        }
    }

    private static RecordError wrongWidth(String location, Header header, CSVRecord row) {
        return RecordError.of(location, null, header.size() + " fields, like the header " + header.line(),
                row.size() + (row.size() == 1 ? " field" : " fields"));
    }

    private FormatException unreadable(long line, IOException cause) {
        String name = payload.name();
        if (cause instanceof BoundedInputStream.LimitExceededException) {
            return new FormatException(name + ": line " + line + ": " + cause.getMessage()
                    + "; expected rows of at most " + AcledCsvFormat.MAX_ROW_CHARS + " characters and an export of"
                    + " at most " + AcledCsvFormat.MAX_DOCUMENT_BYTES + " bytes", cause);
        }
        if (cause instanceof CSVException) {
            String message = String.valueOf(cause.getMessage());
            Matcher eof = EOF_IN_QUOTES.matcher(message);
            if (eof.find()) {
                return new FormatException(name + ": line " + eof.group(1).replace(",", "") + ": a quoted field"
                        + " is not closed before the end of the file: the file looks truncated; expected a"
                        + " closing \"", cause);
            }
            Matcher quote = BAD_QUOTE.matcher(message);
            if (quote.find()) {
                return new FormatException(name + ": line " + quote.group(1).replace(",", "") + ": expected a"
                        + " comma or the end of the row after a quoted field's closing \", found another character"
                        + " (a quote inside a quoted field must be doubled: \"\")", cause);
            }
            return new FormatException(name + ": line " + line + ": expected CSV (RFC 4180), found a row that"
                    + " cannot be parsed", cause);
        }
        return new FormatException(name + ": line " + line + ": cannot be read: " + cause.getMessage(), cause);
    }

    /** One row: every problem with a value the model needs leaves the row out, with the first problem found. */
    private void decodeRow(String location, Header header, CSVRecord row) {
        for (int index = 0; index < row.size(); index++) {
            String value = row.get(index);
            if (value.length() > AcledCsvFormat.MAX_FIELD_CHARS) {
                sink.error(RecordError.of(location, header.nameAt(index), "at most "
                        + AcledCsvFormat.MAX_FIELD_CHARS + " characters", value.length() + " characters: " + value));
                return;
            }
            if (value.indexOf(REPLACEMENT) >= 0) {
                sink.error(RecordError.of(location, header.nameAt(index), "UTF-8 text (re-export the file as"
                        + " UTF-8 CSV)", value));
                return;
            }
        }
        Cells cells = new Cells(header, row);
        String id = cells.raw(Column.EVENT_ID_CNTY);
        if (id == null || id.length() > AcledCsvFormat.MAX_ID_CHARS) {
            sink.error(RecordError.of(location, header.nameOf(Column.EVENT_ID_CNTY), "the event's id, such as"
                    + " SOM49639, of at most " + AcledCsvFormat.MAX_ID_CHARS + " characters",
                    cells.raw(Column.EVENT_ID_CNTY)));
            return;
        }
        LocalDate date = parseDate(cells.raw(Column.EVENT_DATE));
        if (date == null) {
            sink.error(RecordError.of(location, header.nameOf(Column.EVENT_DATE), header.layout().dateExample(),
                    cells.raw(Column.EVENT_DATE)));
            return;
        }
        String eventType = cells.text(Column.EVENT_TYPE);
        if (eventType == null) {
            sink.error(RecordError.of(location, header.nameOf(Column.EVENT_TYPE), "the event type, such as Battles",
                    cells.raw(Column.EVENT_TYPE)));
            return;
        }
        String fatalitiesText = cells.raw(Column.FATALITIES);
        Integer fatalities = wholeNumber(fatalitiesText);
        if (fatalities == null) {
            sink.error(RecordError.of(location, header.nameOf(Column.FATALITIES), "the number of fatalities, a"
                    + " whole number from 0 (ACLED writes 0 when none were reported)", fatalitiesText));
            return;
        }
        List<RecordError> warnings = new ArrayList<>();
        GeoPoint point;
        try {
            point = point(location, cells, warnings);
        } catch (BadValue bad) {
            sink.error(bad.error);
            return;
        }
        String countryCode;
        try {
            countryCode = countryCode(location, cells, warnings);
        } catch (BadValue bad) {
            sink.error(bad.error);
            return;
        }

        List<IncidentActor> actors = new ArrayList<>();
        // The order the Javadoc of AcledCsvFormat promises: side 1 (actor, then its associates), then side 2.
        cells.single(Column.ACTOR1).forEach(name -> actors.add(IncidentActor.of(name, ActorRole.ACTOR_1)));
        cells.list(Column.ASSOC_ACTOR_1)
                .forEach(name -> actors.add(IncidentActor.of(name, ActorRole.ASSOCIATE_OF_ACTOR_1)));
        cells.single(Column.ACTOR2).forEach(name -> actors.add(IncidentActor.of(name, ActorRole.ACTOR_2)));
        cells.list(Column.ASSOC_ACTOR_2)
                .forEach(name -> actors.add(IncidentActor.of(name, ActorRole.ASSOCIATE_OF_ACTOR_2)));
        Incident incident;
        try {
            incident = Incident.builder().id(id).date(date).eventType(eventType)
                    .subEventType(cells.text(Column.SUB_EVENT_TYPE))
                    .disorderType(cells.text(Column.DISORDER_TYPE))
                    .actorRoles(actors)
                    .countryCode(countryCode)
                    .countryName(cells.text(Column.COUNTRY))
                    .admin1(cells.text(Column.ADMIN1))
                    .admin2(cells.text(Column.ADMIN2))
                    .admin3(cells.text(Column.ADMIN3))
                    .location(cells.text(Column.LOCATION))
                    .point(point)
                    .fatalities(fatalities)
                    .sources(cells.list(Column.SOURCE))
                    .notes(cells.text(Column.NOTES))
                    .tags(cells.list(Column.TAGS))
                    .build();
        } catch (IllegalArgumentException e) {
            // The checks above mirror the model's rules; this is the backstop should the model grow stricter.
            sink.error(RecordError.of(location, null, "a valid incident: " + e.getMessage(), null));
            return;
        }
        warnings.forEach(sink::warning);
        sink.record(incident);
    }

    /** The point, or null when the row has neither latitude nor longitude. */
    private static GeoPoint point(String location, Cells cells, List<RecordError> warnings) throws BadValue {
        String latitudeText = cells.raw(Column.LATITUDE);
        String longitudeText = cells.raw(Column.LONGITUDE);
        String precisionText = cells.raw(Column.GEO_PRECISION);
        if (latitudeText == null && longitudeText == null) {
            if (precisionText != null) {
                warnings.add(RecordError.of(location, cells.header.nameOf(Column.GEO_PRECISION), "a latitude and a"
                        + " longitude for the precision to apply to (the precision is left out)", precisionText));
            }
            return null;
        }
        Double latitude = degrees(latitudeText, 90);
        if (latitude == null) {
            throw new BadValue(RecordError.of(location, cells.header.nameOf(Column.LATITUDE), "a latitude in"
                    + " decimal degrees from -90 to 90, such as 2.0469, with the longitude", latitudeText));
        }
        Double longitude = degrees(longitudeText, 180);
        if (longitude == null) {
            throw new BadValue(RecordError.of(location, cells.header.nameOf(Column.LONGITUDE), "a longitude in"
                    + " decimal degrees from -180 to 180, such as 45.3182, with the latitude", longitudeText));
        }
        Integer precision = null;
        if (precisionText != null) {
            precision = wholeNumber(precisionText);
            if (precision == null) {
                throw new BadValue(RecordError.of(location, cells.header.nameOf(Column.GEO_PRECISION), "a geo"
                        + " precision, a whole number such as 1 (the exact place), 2 (near it) or 3 (the region)",
                        precisionText));
            }
        }
        return GeoPoint.builder().latitude(latitude).longitude(longitude).precision(precision).build();
    }

    /** A whole number from 0 to {@link Integer#MAX_VALUE}, or null. */
    private static Integer wholeNumber(String text) {
        if (text == null || !WHOLE_NUMBER.matcher(text).matches()) {
            return null;
        }
        long value = Long.parseLong(text);
        return value <= Integer.MAX_VALUE ? (int) value : null;
    }

    private static Double degrees(String text, int limit) {
        if (text == null || !DEGREES.matcher(text).matches()) {
            return null;
        }
        double value = Double.parseDouble(text);
        return value >= -limit && value <= limit ? value : null;
    }

    /**
     * The alpha-2 code: from the numeric {@code iso}; when that number is no country's, from {@code iso3} (older
     * layouts), then from the country's name; a warning when nothing maps. No code when {@code iso} is empty.
     */
    private static String countryCode(String location, Cells cells, List<RecordError> warnings) throws BadValue {
        String isoText = cells.raw(Column.ISO);
        String iso3 = cells.raw(Column.ISO3);
        String name = cells.text(Column.COUNTRY);
        if (isoText == null) {
            // Older exports may give only the alpha-3 code; encode never writes an empty iso with one.
            return iso3 == null ? null : CountryCodes.ISO.alpha2OfAlpha3(iso3);
        }
        Integer numeric = wholeNumber(isoText);
        if (numeric == null) {
            throw new BadValue(RecordError.of(location, cells.header.nameOf(Column.ISO), "an ISO 3166-1 numeric"
                    + " country code, such as 706 for Somalia", isoText));
        }
        String alpha2 = CountryCodes.ISO.alpha2OfNumeric(numeric);
        if (alpha2 == null && iso3 != null) {
            alpha2 = CountryCodes.ISO.alpha2OfAlpha3(iso3);
        }
        if (alpha2 == null && name != null) {
            alpha2 = CountryCodes.ISO.alpha2OfName(name);
        }
        if (alpha2 == null) {
            warnings.add(RecordError.of(location, cells.header.nameOf(Column.ISO), "an ISO 3166-1 numeric country"
                    + " code, or a country name, that names a country (the record is kept without a country"
                    + " code)", isoText + (name == null ? "" : " (" + name + ")")));
        }
        return alpha2;
    }

    /** A date as {@code 2025-04-01} or {@code 21 March 2020}, whatever the layout; null when neither. */
    static LocalDate parseDate(String text) {
        if (text == null) {
            return null;
        }
        try {
            if (ISO_DATE.matcher(text).matches()) {
                return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
            }
            if (LONG_DATE_SHAPE.matcher(text).matches()) {
                return LocalDate.parse(text, LONG_DATE);
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        return null;
    }

    /** The cells of one row, read by column. */
    private static final class Cells {
        private final Header header;
        private final CSVRecord row;

        Cells(Header header, CSVRecord row) {
            this.header = header;
            this.row = row;
        }

        /** The cell stripped, or null when the column is absent or the cell blank: for codes and numbers. */
        String raw(Column column) {
            String text = text(column);
            return text == null ? null : text.strip();
        }

        /**
         * The cell as written, or null when the column is absent or the cell blank: for text. A text cell loses
         * the quote that keeps it from running as a spreadsheet formula ({@link SpreadsheetFormulas#restore}).
         */
        String text(Column column) {
            if (!header.has(column)) {
                return null;
            }
            String value = row.get(header.position(column));
            if (value.isBlank()) {
                return null;
            }
            return column.holdsText() ? SpreadsheetFormulas.restore(value) : value;
        }

        /** The cell as a one-element list, or an empty one. */
        List<String> single(Column column) {
            String text = text(column);
            return text == null ? List.of() : List.of(text);
        }

        /** A list cell: ACLED separates the values with {@code "; "}; each value is stripped, blanks dropped. */
        List<String> list(Column column) {
            String text = text(column);
            if (text == null) {
                return List.of();
            }
            List<String> values = new ArrayList<>();
            for (String value : text.split(";")) {
                if (!value.isBlank()) {
                    values.add(value.strip());
                }
            }
            return values;
        }
    }

    /** A value that leaves its row out. */
    private static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient RecordError error;

        BadValue(RecordError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private String firstBytes() {
        try (InputStream in = payload.open()) {
            byte[] head = in.readNBytes(16);
            StringBuilder hex = new StringBuilder("starting with bytes");
            for (byte b : head) {
                hex.append(String.format(" %02X", b & 0xff));
            }
            return hex.toString();
        } catch (IOException e) {
            return "its first bytes cannot be read";
        }
    }

    /** The text with control characters shown as escapes and shortened to 200 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == REPLACEMENT || c == '\uFEFF') {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= 200) {
            out.setLength(197);
            out.append("...");
        }
        return out.toString();
    }
}
