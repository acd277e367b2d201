package org.liaison.plugin.unodc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
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
import org.liaison.api.record.Seizure;
import org.liaison.api.transport.Payload;
import org.liaison.plugin.unodc.Layout.Column;
import org.liaison.plugin.unodc.Layout.Header;

/**
 * Decodes one table, row by row, into the sink. One instance per call of
 * {@link SeizuresCsvFormat#decode(Payload, DecodeSink)}: it holds that table's row count and ids.
 */
final class TableDecoder {

    static final Pattern COUNTRY_CODE = Pattern.compile("[A-Z]{2,3}");
    private static final Pattern YEAR = Pattern.compile("[0-9]{4}");
    private static final Pattern QUANTITY = Pattern.compile("-?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,9})?");
    private static final Pattern EOF_IN_QUOTES = Pattern.compile("\\(startline ([0-9,]+)\\) EOF reached before"
            + " encapsulated token finished");
    /** What the reader puts in place of bytes that are not UTF-8. */
    private static final char REPLACEMENT = '\uFFFD';
    private static final Pattern BAD_QUOTE = Pattern.compile("Invalid character between encapsulated token and"
            + " delimiter at line: ([0-9,]+)");

    private final Payload payload;
    private final DecodeSink sink;
    private final SeizureIds ids = new SeizureIds();

    TableDecoder(Payload payload, DecodeSink sink) {
        this.payload = payload;
        this.sink = sink;
    }

    void decode() throws FormatException {
        String name = payload.name();
        if (payload.size() > SeizuresCsvFormat.MAX_DOCUMENT_BYTES) {
            throw new FormatException(name + ": " + payload.size() + " bytes, more than the limit of "
                    + SeizuresCsvFormat.MAX_DOCUMENT_BYTES + " bytes; split the table");
        }
        try (InputStream in = payload.open()) {
            BoundedRowReader reader = new BoundedRowReader(in, SeizuresCsvFormat.MAX_DOCUMENT_BYTES,
                    SeizuresCsvFormat.MAX_ROW_CHARS);
            try (CSVParser parser = SeizuresCsvFormat.READ.parse(reader)) {
                Iterator<CSVRecord> rows = parser.iterator();
                Header header = readHeader(parser, rows, reader);
                readRows(parser, rows, reader, header);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new FormatException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private Header readHeader(CSVParser parser, Iterator<CSVRecord> rows, BoundedRowReader reader)
            throws FormatException {
        String expected = ": line 1: expected the header of a UNODC seizure table, " + Layout.expectedHeaders();
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
        long rowCount = 0;
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
            if (++rowCount > SeizuresCsvFormat.MAX_ROWS) {
                throw new FormatException(payload.name() + ": line " + line + ": more than "
                        + SeizuresCsvFormat.MAX_ROWS + " rows, the most one table may hold; split the table");
            }
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
        return RecordError.of(location, null, header.size() + " fields, like the header "
                + header.layout().headerLine(), row.size() + (row.size() == 1 ? " field" : " fields"));
    }

    private FormatException unreadable(long line, IOException cause) {
        String name = payload.name();
        if (cause instanceof BoundedInputStream.LimitExceededException) {
            return new FormatException(name + ": line " + line + ": " + cause.getMessage()
                    + "; expected rows of at most " + SeizuresCsvFormat.MAX_ROW_CHARS + " characters and a table of"
                    + " at most " + SeizuresCsvFormat.MAX_DOCUMENT_BYTES + " bytes", cause);
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

    private void decodeRow(String location, Header header, CSVRecord row) {
        for (int index = 0; index < row.size(); index++) {
            String value = row.get(index);
            if (value.length() > SeizuresCsvFormat.MAX_FIELD_CHARS) {
                sink.error(RecordError.of(location, header.nameAt(index), "at most "
                        + SeizuresCsvFormat.MAX_FIELD_CHARS + " characters", value.length() + " characters: "
                        + value));
                return;
            }
            if (value.indexOf(REPLACEMENT) >= 0) {
                sink.error(RecordError.of(location, header.nameAt(index), "UTF-8 text (re-export the"
                        + " table as UTF-8 CSV)", value));
                return;
            }
        }
        String codeText = row.get(header.position(Column.COUNTRY_CODE)).strip();
        String yearText = row.get(header.position(Column.YEAR)).strip();
        String drug = optionalText(row.get(header.position(Column.DRUG)));
        String quantityText = row.get(header.position(Column.QUANTITY)).strip();

        boolean codeOk = COUNTRY_CODE.matcher(codeText).matches();
        Integer year = parseYear(yearText);
        // The id is taken as soon as the row's key is readable, even if the row then fails on its quantity, so
        // that correcting one row later does not shift the ids of the rows after it.
        String id = codeOk && year != null && drug != null ? ids.next(codeText, year, drug) : null;

        if (!codeOk) {
            sink.error(RecordError.of(location, header.nameOf(Column.COUNTRY_CODE),
                    "an ISO 3166-1 alpha-3 country code such as DZA", emptyToNull(codeText)));
            return;
        }
        if (drug == null) {
            sink.error(RecordError.of(location, header.nameOf(Column.DRUG), "the name of the drug seized",
                    emptyToNull(row.get(header.position(Column.DRUG)))));
            return;
        }
        if (year == null) {
            sink.error(RecordError.of(location, header.nameOf(Column.YEAR), "a year from 1900 to 2100",
                    emptyToNull(yearText)));
            return;
        }
        BigDecimal quantity = parseQuantity(quantityText);
        if (quantity == null) {
            sink.error(RecordError.of(location, header.nameOf(Column.QUANTITY), quantityText.startsWith("-")
                    ? "a quantity in kilograms, not negative" : "a quantity in kilograms",
                    emptyToNull(quantityText)));
            return;
        }
        Seizure seizure;
        try {
            seizure = Seizure.builder().id(id)
                    .region(optional(row, header, Column.REGION))
                    .subRegion(optional(row, header, Column.SUB_REGION))
                    .countryName(optional(row, header, Column.COUNTRY_NAME))
                    .countryCode(codeText)
                    .drugGroup(optional(row, header, Column.DRUG_GROUP))
                    .drug(drug)
                    .year(year)
                    .quantityKg(quantity)
                    .build();
        } catch (IllegalArgumentException e) {
            // The checks above mirror the model's rules; this is the backstop should the model grow stricter.
            sink.error(RecordError.of(location, null, "a valid seizure: " + e.getMessage(), null));
            return;
        }
        sink.record(seizure);
    }

    private static String optional(CSVRecord row, Header header, Column column) {
        Integer position = header.positions().get(column);
        return position == null ? null : optionalText(row.get(position));
    }

    /**
     * A text cell: blank and {@code NULL} mean no value; anything else is kept exactly as written, but for the quote
     * that keeps a spreadsheet from running it as a formula ({@link SpreadsheetFormulas#restore}).
     */
    static String optionalText(String value) {
        return value.isBlank() || value.strip().equals(SeizuresCsvFormat.NULL) ? null
                : SpreadsheetFormulas.restore(value);
    }

    private static Integer parseYear(String text) {
        if (!YEAR.matcher(text).matches()) {
            return null;
        }
        int year = Integer.parseInt(text);
        return year >= 1900 && year <= 2100 ? year : null;
    }

    /** The quantity as written, keeping its precision; null unless it is a bounded, non-negative number. */
    static BigDecimal parseQuantity(String text) {
        if (!QUANTITY.matcher(text).matches() || text.startsWith("-")) {
            return null;
        }
        try {
            BigDecimal quantity = new BigDecimal(text);
            return SeizuresCsvFormat.isBounded(quantity) ? quantity : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
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
