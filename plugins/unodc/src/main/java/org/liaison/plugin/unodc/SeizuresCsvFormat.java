package org.liaison.plugin.unodc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
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
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.Seizure;
import org.liaison.api.transport.Payload;
import org.osgi.service.component.annotations.Component;

/**
 * UNODC's drug seizure tables (CSV): annual quantities seized, by country and drug, to and from
 * {@link Seizure} records.
 *
 * <h2>Input</h2>
 * A UTF-8 CSV table (RFC 4180: comma-separated, fields with commas, quotes or line breaks in double quotes, a quote
 * inside a quoted field doubled; CRLF or LF line endings; a leading byte-order mark is ignored; blank lines are
 * skipped). Its first row is a header that names one of two layouts; the column names are matched without regard
 * to case or surrounding spaces and may come in any order, but the header must hold exactly the layout's columns:
 * <ul>
 * <li>as UNODC publishes the table: {@code Region,Country,ISO Code,Drug Group,Drug,Year,KG Equivalent};</li>
 * <li>as the dataUNODC portal exports it:
 * {@code Region,SubRegion,Country/Territory,msCode,Drug group,DrugSubGroup,Drug,Year,Kilograms}.</li>
 * </ul>
 * Any other first row (a different header, binary content, not UTF-8) makes the whole table unreadable: one
 * {@link FormatException} naming the payload, the header found and both headers expected.
 *
 * <h2>Mapping</h2>
 * <table>
 * <caption>Columns and the Seizure fields they fill</caption>
 * <tr><th>published</th><th>dataUNODC</th><th>Seizure</th><th>rule</th></tr>
 * <tr><td>Region</td><td>Region</td><td>region</td><td>optional</td></tr>
 * <tr><td>(none)</td><td>SubRegion</td><td>subRegion</td><td>optional</td></tr>
 * <tr><td>Country</td><td>Country/Territory</td><td>countryName</td><td>optional</td></tr>
 * <tr><td>ISO Code</td><td>msCode</td><td>countryCode</td><td>required: the ISO 3166-1 code as given (UNODC
 * gives alpha-3, such as {@code DZA}; two or three upper-case letters are accepted); the core converts alpha-3 to
 * alpha-2 where it needs to</td></tr>
 * <tr><td>Drug Group</td><td>Drug group</td><td>drugGroup</td><td>optional</td></tr>
 * <tr><td>(none)</td><td>DrugSubGroup</td><td>not carried</td><td>the model has no field for it: lost</td></tr>
 * <tr><td>Drug</td><td>Drug</td><td>drug</td><td>required</td></tr>
 * <tr><td>Year</td><td>Year</td><td>year</td><td>required: four digits, 1900 to 2100 (the period of the
 * annual total)</td></tr>
 * <tr><td>KG Equivalent</td><td>Kilograms</td><td>quantityKg</td><td>required: kilograms, not negative, as a
 * decimal number kept with the precision written ({@code 0.300000012} and {@code 1.05E-06} are kept
 * exactly); at most 100 significant digits and an exponent from -100 to 100</td></tr>
 * </table>
 * Text cells (Region, SubRegion, Country, Drug Group, Drug) are kept exactly as written, but for one thing: a text
 * cell that begins with one or more single quotes {@code '} followed by {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return loses its first quote, the one that {@link #encode} (or a partner's tool
 * that does the same) puts there to keep a spreadsheet from running the cell as a formula (see Output). A text cell
 * that begins with a quote followed by anything else keeps it. A blank cell or {@code NULL} (UNODC's marker for a
 * missing value) leaves an optional field unset. The unit is always kilograms; a seizure has no date in these tables, only its year.
 *
 * <h2>Record ids</h2>
 * The tables have no id column, so each row's id is derived from its content:
 * {@code unodc-<country code>-<year>-<drug slug>}, for example {@code unodc-CHL-1970-cocaine-base-paste-and-salts},
 * where the slug is the drug's name in lower case, accents removed, every run of other characters than letters and
 * digits replaced by one hyphen (at most 200 characters). UNODC tables repeat a key (several rows for Sweden,
 * amphetamine, 1971): the n-th row of the table with the same id, n from 2, gets {@code #n}, as in
 * {@code unodc-SWE-1971-amphetamine#2}. So the same table exchanged again gives the same ids, and a row keeps its
 * id when another row is corrected or removed, unless that row shares its key and comes before it. A row whose key
 * is readable counts towards {@code #n} even if it fails on its quantity, so correcting it later shifts nothing.
 *
 * <h2>Errors</h2>
 * A row that cannot become a seizure is reported as a {@link RecordError} and left out, and decoding goes on. The
 * location is {@code line <n>} (the line where the row starts; the header is line 1), the field is the column's
 * name as the file's header writes it. Among them:
 * <ul>
 * <li>{@code NULL} or an empty cell in {@code KG Equivalent}: expected "a quantity in kilograms". The model needs
 * a quantity, and reporting the row rather than skipping it loses nothing: it goes to quarantine with its
 * reason. (The first 1000 rows of UNODC's 1970–2020 table hold 27 such rows.)</li>
 * <li>{@code NULL} in {@code ISO Code}: expected "an ISO 3166-1 alpha-3 country code". UNODC writes it for
 * countries that no longer exist (USSR, Serbia and Montenegro); no code is invented for them.</li>
 * <li>a row with more or fewer fields than the header; a cell longer than 65,536 characters; a cell with bytes
 * that are not UTF-8 (a table saved as Latin-1 is reported row by row, its plain-ASCII rows still decode).</li>
 * </ul>
 * A short last row in a file that does not end with a line break, a quoted field left open at the end of the file,
 * a stray quote, a row longer than about 1,048,576 characters, more than 1,000,000 rows or more than 256 MiB make
 * the whole table unreadable: one {@link FormatException} naming the payload and the line.
 *
 * <h2>Output</h2>
 * {@link #encode} writes the published layout: the header {@code Region,Country,ISO Code,Drug Group,Drug,Year,KG
 * Equivalent}, then one row per seizure, UTF-8, CRLF line endings, fields quoted only when they need it. An unset
 * optional field is an empty cell; the quantity is written so that it reads back with the same precision (for a
 * small quantity, in scientific notation such as {@code 1.05E-06}, as UNODC writes it). A two-letter country code
 * is written as its alpha-3 equivalent, since the table carries alpha-3 codes.
 *
 * <p><b>Formulas.</b> The tables are opened in spreadsheets, so no text cell may begin like a formula (CSV
 * injection, as OWASP describes it): a text whose value begins with {@code =}, {@code +}, {@code -}, {@code @}, a
 * tab or a carriage return, or with single quotes followed by one of those, is written with a single quote
 * {@code '} in front ({@code =HYPERLINK("http://x","y")} is written {@code '=HYPERLINK("http://x","y")}, quoted as
 * RFC 4180 requires; {@code '=A1} is written {@code ''=A1}); decoding takes that quote off again, as above. The
 * rule follows the column, not the value: ISO Code, Year and KG Equivalent are written from codes and numbers and
 * are never quoted; Region, Country, Drug Group and Drug are text, even a value that looks like a number.
 *
 * <p>Left out and reported, because the
 * published layout has no place for them: records other than seizures, seizures with their own handling marking,
 * a sub-region, a date or no year, text equal to {@code NULL}, and values beyond the input limits above (counting
 * the quote in front of a neutralised formula). Decoding
 * what this writes gives back the same seizures, except for the ids, which are derived as above, and the country
 * code, alpha-3 where an alpha-2 was given.
 *
 * <p>Stateless and thread-safe: each call keeps its state in local objects.
 */
@Component
@PartnerFormatService(partner = SeizuresCsvFormat.PARTNER_ID, format = SeizuresCsvFormat.ID)
public final class SeizuresCsvFormat implements PartnerFormat {

    /** The partner id. */
    public static final String PARTNER_ID = "unodc";

    /** The format id. */
    public static final String ID = "seizures-csv";

    static final long MAX_DOCUMENT_BYTES = 256L * 1024 * 1024;
    static final int MAX_FIELD_CHARS = 64 * 1024;
    static final int MAX_ROW_CHARS = 1024 * 1024;
    /** Twenty times UNODC's whole 1970–2020 table (51,201 rows); bounds the memory of the id bookkeeping. */
    static final int MAX_ROWS = 1_000_000;
    static final String NULL = "NULL";
    private static final int MAX_DIGITS = 100;
    private static final int MAX_EXPONENT = 100;
    private static final int SCIENTIFIC_BELOW = -5;

    static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    @Override
    public Set<RecordType> recordTypes() {
        return EnumSet.of(RecordType.SEIZURE);
    }

    @Override
    public String fileExtension() {
        return "csv";
    }

    /** True when the first line of {@code head} is the header of either layout; the name is not looked at. */
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
        new TableDecoder(payload, sink).decode();
    }

    @Override
    public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) throws IOException {
        List<RecordError> errors = new ArrayList<>();
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        CSVPrinter printer = new CSVPrinter(writer, WRITE);
        printer.printRecord(Layout.PUBLISHED.headerNames());
        for (int index = 0; index < records.size(); index++) {
            DataRecord record = records.get(index);
            RecordError error = cannotWrite(index, record);
            if (error != null) {
                errors.add(error);
                continue;
            }
            Seizure seizure = (Seizure) record;
            printer.printRecord(text(seizure.region()), text(seizure.countryName()), alpha3(seizure.countryCode()),
                    text(seizure.drugGroup()), SpreadsheetFormulas.neutralise(seizure.drug()),
                    seizure.year().orElseThrow(), quantityText(seizure.quantityKg()));
        }
        // Not closed: the caller owns the stream.
        printer.flush();
        return errors;
    }

    /** Why a record cannot be written in the published layout, or null when it can. */
    private static RecordError cannotWrite(int index, DataRecord record) {
        if (record == null) {
            return RecordError.of("record " + index, null, "a seizure", null);
        }
        String location = "record " + index + " (id " + record.id() + ")";
        if (!(record instanceof Seizure seizure)) {
            return RecordError.of(location, "type", "a seizure, the only record type of UNODC seizure tables",
                    record.type().id());
        }
        String noPlace = "no value: the published UNODC table has no column for it";
        if (seizure.marking().isPresent()) {
            return RecordError.of(location, "marking", "no handling marking of its own: the published UNODC table"
                    + " has no place for one (send the record under its exchange's marking)",
                    String.valueOf(seizure.marking().get()));
        }
        if (seizure.subRegion().isPresent()) {
            return RecordError.of(location, "subRegion", noPlace, seizure.subRegion().get());
        }
        if (seizure.date().isPresent()) {
            return RecordError.of(location, "date", noPlace + " (only the year is carried)",
                    seizure.date().get().toString());
        }
        if (seizure.year().isEmpty()) {
            return RecordError.of(location, "year", "a year: the published UNODC table is annual", null);
        }
        if (alpha3(seizure.countryCode()) == null) {
            return RecordError.of(location, "countryCode", "an ISO 3166-1 code with an alpha-3 equivalent",
                    seizure.countryCode());
        }
        if (!isBounded(seizure.quantityKg())) {
            return RecordError.of(location, "quantityKg", "a quantity of at most " + MAX_DIGITS
                    + " significant digits with an exponent from -" + MAX_EXPONENT + " to " + MAX_EXPONENT,
                    seizure.quantityKg().toString());
        }
        String[][] texts = {
            {"region", seizure.region().orElse(null)},
            {"countryName", seizure.countryName().orElse(null)},
            {"drugGroup", seizure.drugGroup().orElse(null)},
            {"drug", seizure.drug()},
        };
        for (String[] text : texts) {
            if (text[1] == null) {
                continue;
            }
            if (text[1].strip().equals(NULL)) {
                return RecordError.of(location, text[0], "a value other than NULL, which UNODC tables use for a"
                        + " missing value", text[1]);
            }
            String cell = SpreadsheetFormulas.neutralise(text[1]);
            if (cell.length() > MAX_FIELD_CHARS) {
                return RecordError.of(location, text[0], "at most " + MAX_FIELD_CHARS + " characters (with the quote"
                        + " in front of text a spreadsheet would run)", cell.length() + " characters: " + cell);
            }
        }
        return null;
    }

    /** The cell of an optional text: empty when absent, neutralised against spreadsheet formulas. */
    private static String text(Optional<String> value) {
        return SpreadsheetFormulas.neutralise(value.orElse(null));
    }

    /** The alpha-3 code for a model country code (alpha-3 codes are kept as they are), or null when unknown. */
    private static String alpha3(String code) {
        if (code.length() == 3) {
            return code;
        }
        if (!Arrays.asList(Locale.getISOCountries()).contains(code)) {
            return null;
        }
        try {
            String alpha3 = new Locale("", code).getISO3Country();
            return alpha3.isEmpty() ? null : alpha3;
        } catch (MissingResourceException e) {
            return null;
        }
    }

    /** A quantity this format reads and writes: bounded so that no value can make a plain rendering huge. */
    static boolean isBounded(BigDecimal quantity) {
        return quantity.precision() <= MAX_DIGITS && Math.abs((long) quantity.scale()) <= MAX_EXPONENT;
    }

    /**
     * The quantity as text that reads back to an equal {@link BigDecimal} (same digits, same scale). UNODC writes
     * quantities under a ten-thousandth of a kilogram in scientific notation with a two-digit exponent, such as
     * {@code 1.05E-06}, so those are written that way (with the digits and scale they have); others as Java
     * writes them ({@code 0.000625}, {@code 141}, {@code 1.25E+03}).
     */
    static String quantityText(BigDecimal quantity) {
        int exponent = quantity.precision() - 1 - quantity.scale();
        if (exponent <= SCIENTIFIC_BELOW && quantity.signum() > 0) {
            String digits = quantity.unscaledValue().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return mantissa + "E-" + (-exponent < 10 ? "0" : "") + -exponent;
        }
        String text = quantity.toString();
        int e = text.indexOf('E');
        if (e >= 0 && text.length() - e == 3) {
            return text.substring(0, e + 2) + "0" + text.substring(e + 2);
        }
        return text;
    }
}
