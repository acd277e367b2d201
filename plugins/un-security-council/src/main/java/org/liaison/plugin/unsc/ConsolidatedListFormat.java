package org.liaison.plugin.unsc;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.PartnerFormatService;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.SanctionListing;
import org.liaison.api.transport.Payload;
import org.osgi.service.component.annotations.Component;

/**
 * The UN Security Council Consolidated Sanctions List XML ({@code <CONSOLIDATED_LIST>} with
 * {@code INDIVIDUALS/INDIVIDUAL} and {@code ENTITIES/ENTITY}), as {@link SanctionListing} records.
 *
 * <h2>Decoding</h2>
 * The document is read as a stream (StAX), one listing at a time, so memory is bounded by the largest listing, not
 * by the document; the compact layout (one listing per line) and pretty-printed layouts read the same. Text is
 * taken without leading and trailing white space, and an empty element is the same as a missing one.
 *
 * <table>
 * <caption>Mapping of both INDIVIDUAL and ENTITY</caption>
 * <tr><th>Consolidated List</th><th>model</th></tr>
 * <tr><td>DATAID</td><td>{@code SanctionListing.id}, and the id of its person or organisation (required). DATAID
 * is the list's stable database id; the human-facing reference is kept apart.</td></tr>
 * <tr><td>REFERENCE_NUMBER</td><td>{@code referenceNumber} (required), such as {@code QDi.001}</td></tr>
 * <tr><td>UN_LIST_TYPE</td><td>{@code listType} (required), such as {@code Al-Qaida} or {@code DPRK}</td></tr>
 * <tr><td>LISTED_ON</td><td>{@code listedOn}; a time zone suffix ({@code 2016-11-30-04:00}) is dropped</td></tr>
 * <tr><td>LAST_DAY_UPDATED/VALUE</td><td>{@code lastUpdated}, in order; empty values are skipped</td></tr>
 * <tr><td>COMMENTS1</td><td>{@code comments}</td></tr>
 * <tr><td>FIRST_NAME … FOURTH_NAME</td><td>the name (required): the parts that are present, in that order,
 * joined with one space ({@code PersonName.fullName} or {@code Organisation.name}). For an individual of two or more
 * parts, the parts are also {@code name.parts}, each with its runs of white space made one space
 * ({@code RI}, {@code WON HO}); a name in one part (FIRST_NAME alone, such as {@code FAIZ}) is given whole, without
 * parts. The parts are not given names and a family name: the list's order of parts is not a given/family order
 * (Korean and Arabic names differ).</td></tr>
 * </table>
 *
 * <table>
 * <caption>Mapping of INDIVIDUAL to {@code SanctionListing.person}</caption>
 * <tr><td>NAME_ORIGINAL_SCRIPT</td><td>{@code name.originalScript}</td></tr>
 * <tr><td>INDIVIDUAL_ALIAS: ALIAS_NAME, QUALITY</td><td>{@code aliases}: {@code fullName}, {@code quality}
 * ({@code Good}, {@code Low}, as written)</td></tr>
 * <tr><td>GENDER</td><td>{@code sex}: Male, Female, Unknown (any case)</td></tr>
 * <tr><td>INDIVIDUAL_DATE_OF_BIRTH</td><td>{@code datesOfBirth}: DATE gives a date known to the day, YEAR a date
 * known to the year, FROM_YEAR and TO_YEAR (TYPE_OF_DATE BETWEEN) give every year of the range, each as a date known
 * to the year: each is a possible date of birth, and no day or month is ever invented. A range wider than
 * {@value ListingMapper#MAX_BIRTH_YEAR_RANGE} years is an error. TYPE_OF_DATE APPROXIMATELY makes the dates of its
 * element {@linkplain org.liaison.api.record.PartialDate#approximate() approximate} ({@code 1985~}), even the years
 * of a FROM_YEAR to TO_YEAR range; EXACT, BETWEEN or none leaves them exact; any other value is an error.</td></tr>
 * <tr><td>INDIVIDUAL_PLACE_OF_BIRTH: CITY, STATE_PROVINCE, NOTE, COUNTRY</td><td>When every place that names a
 * country names the same one and it is a known country: {@code countryOfBirth} is its code and
 * {@code placeOfBirth} is city, state or province and note joined with {@code ", "}. Otherwise there is no
 * country of birth and the country name stays in the place's text. Several places are joined with
 * {@code "; "}.</td></tr>
 * <tr><td>NATIONALITY/VALUE</td><td>{@code nationalities}, country names mapped to ISO 3166-1 alpha-2 (Java's
 * English country names, the UN's own spellings, demonyms such as {@code Afghan}). A value that names no country
 * ({@code Bahrain (citizenship revoked in Jan. 2015)}) is left out and reported as an error at its path; the
 * listing is kept, because dropping a sanctioned person over a qualified nationality would be worse.</td></tr>
 * <tr><td>INDIVIDUAL_DOCUMENT</td><td>{@code documents}: TYPE_OF_DOCUMENT (else TYPE_OF_DOCUMENT2, else
 * {@code unspecified}) is {@code type}, NUMBER is {@code number}, ISSUING_COUNTRY (else COUNTRY_OF_ISSUE) mapped to
 * a code is {@code issuingCountry}; NOTE, TYPE_OF_DOCUMENT2, an unmapped country, CITY_OF_ISSUE and DATE_OF_ISSUE
 * go into {@code note} with a label, joined with {@code "; "}. A document without a NUMBER cannot be an identity
 * document of the model: it is left out and reported as an error; the listing is kept.</td></tr>
 * <tr><td>INDIVIDUAL_ADDRESS, ENTITY_ADDRESS</td><td>{@code addresses}: STREET, CITY, STATE_PROVINCE (region),
 * ZIP_CODE (postal code), COUNTRY mapped to a code, NOTE. A country that maps to no code goes into the note as
 * {@code country: <name>}.</td></tr>
 * </table>
 *
 * <p>ENTITY maps to {@code SanctionListing.organisation}: the name as above, ENTITY_ALIAS/ALIAS_NAME to
 * {@code aliases}, ENTITY_ADDRESS to {@code addresses}.
 *
 * <p><b>Not carried</b> (the model has no place for them): VERSIONNUM, LIST_TYPE ({@code UN List}), TITLE,
 * DESIGNATION, SUBMITTED_BY, SUBMITTED_ON, SORT_KEY, SORT_KEY_LAST_MOD, the root's {@code dateGenerated}; which
 * element holds a name part when one before it is missing ({@code TAi.171} has no THIRD_NAME: its FOURTH_NAME is
 * its third part, and is written back as THIRD_NAME); an entity's split of its name into parts; an entity's
 * NAME_ORIGINAL_SCRIPT and alias QUALITY ({@code a.k.a.}/{@code f.k.a.}); an individual alias's NOTE, DATE_OF_BIRTH,
 * CITY_OF_BIRTH and COUNTRY_OF_BIRTH; TYPE_OF_DATE EXACT as against none (both give exact dates), and whether years
 * were given as a BETWEEN range or one by one; the NOTE of a date of birth (free text such as {@code Nov. 1973} or
 * {@code 30-35 years old} is not parsed, so APPROXIMATELY with a NOTE alone gives no date).
 *
 * <p><b>Errors.</b> A listing is left out and reported, at its XML path such as
 * {@code /CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[17]/LISTED_ON}, when a required field is missing, a date, year or
 * GENDER is malformed, or a text is longer than the field limit (64 Ki characters). Values left out of a kept
 * listing (see above) are reported the same way, with an expected text that ends {@code the listing was kept
 * without it}. A document that is not well-formed, is truncated, has a DTD or is larger than the document limit
 * (256 MiB) gives one {@link FormatException} naming the payload, the line and column, and the listing being read.
 * DTDs and external entities are refused, never fetched.
 *
 * <h2>Encoding</h2>
 * Writes the compact layout in UTF-8, individuals first, then entities (records come back in that order). A name's
 * parts go into FIRST_NAME, SECOND_NAME... in order; a name without parts (from another source) goes whole into
 * FIRST_NAME. A date of birth known to the day is written as DATE, one known to the year as YEAR, consecutive exact
 * years as one BETWEEN range; an approximate date is an element of its own with TYPE_OF_DATE APPROXIMATELY, any other
 * with EXACT. The place of birth is written as one INDIVIDUAL_PLACE_OF_BIRTH; country codes as the UN's names. A
 * record that is not a sanction listing, or that holds a value the list has no place for (a handling marking, given
 * and family names, a name in more than four parts or with a part whose white space the list would not read back as
 * it is, languages, height, a date of birth known to the month, an organisation's identifiers, a person or
 * organisation whose id differs from the listing's...), is left out and reported. Whatever the model carries
 * survives {@code decode(encode(records))}, except that a name whose parts are one part only comes back without parts
 * (the same name given whole).
 */
@Component
@PartnerFormatService(partner = ConsolidatedListFormat.PARTNER, format = ConsolidatedListFormat.ID)
public final class ConsolidatedListFormat implements PartnerFormat {

    /** The partner id. */
    public static final String PARTNER = "unsc";
    /** The format id. */
    public static final String ID = "consolidated-list-xml";

    /** The largest document decoded: 256 MiB. */
    public static final long MAX_DOCUMENT_BYTES = 256L * 1024 * 1024;
    /** The longest text of one element: 64 Ki characters. */
    public static final int MAX_FIELD_CHARS = 64 * 1024;
    /** The most elements one listing may have. */
    static final int MAX_ELEMENTS_PER_LISTING = 10_000;
    /** The deepest nesting below a listing element; the list uses 2. */
    static final int MAX_DEPTH_IN_LISTING = 8;

    static final String ROOT = "CONSOLIDATED_LIST";
    private static final String START = "the prolog, before the root element";
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int DECLARATION_BYTES = 256;
    private static final Pattern DECLARED_ENCODING = Pattern.compile(
            "(?:\\xEF\\xBB\\xBF)?\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    private static final Pattern ROOT_TAG = Pattern.compile("<" + ROOT + "(?=[\\s>/]|$)");

    private final long maxDocumentBytes;
    private final int maxFieldChars;

    /** The component, with the default limits. */
    public ConsolidatedListFormat() {
        this(MAX_DOCUMENT_BYTES, MAX_FIELD_CHARS);
    }

    /** For tests: other limits. */
    ConsolidatedListFormat(long maxDocumentBytes, int maxFieldChars) {
        this.maxDocumentBytes = maxDocumentBytes;
        this.maxFieldChars = maxFieldChars;
    }

    @Override
    public Set<RecordType> recordTypes() {
        return EnumSet.of(RecordType.SANCTION_LISTING);
    }

    @Override
    public String fileExtension() {
        return "xml";
    }

    @Override
    public boolean accepts(String name, byte[] head) {
        if (head == null) {
            return false;
        }
        return ROOT_TAG.matcher(new String(head, StandardCharsets.UTF_8)).find();
    }

    @Override
    public void decode(Payload payload, DecodeSink sink) throws FormatException {
        String name = payload.name();
        if (payload.size() > maxDocumentBytes) {
            throw tooLarge(name);
        }
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external entity " + systemId + " refused");
        });
        Pass pass = null;
        try (InputStream in = new BufferedInputStream(new LimitedInputStream(payload.open(), maxDocumentBytes),
                BUFFER_BYTES)) {
            XMLStreamReader xml = factory.createXMLStreamReader(reader(name, in));
            try {
                pass = new Pass(name, xml, sink);
                pass.document();
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            if (cause(e, LimitedInputStream.LimitExceeded.class) != null) {
                throw tooLarge(name);
            }
            if (cause(e, CharacterCodingException.class) != null) {
                throw new FormatException(name + ": holds bytes that are not valid in its encoding (reading "
                        + (pass == null ? START : pass.where) + "): expected UTF-8, or the encoding its XML"
                        + " declaration names", e);
            }
            throw notWellFormed(name, e, pass == null ? START : pass.where);
        } catch (LimitedInputStream.LimitExceeded e) {
            throw tooLarge(name);
        } catch (IOException e) {
            throw new FormatException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A strict reader in the document's encoding: from a byte order mark, else the XML declaration, else UTF-8.
     * Decoding here rather than in the parser turns malformed bytes into an exception instead of a line the JDK's
     * parser prints on standard error.
     */
    private static Reader reader(String name, InputStream in) throws IOException, FormatException {
        in.mark(DECLARATION_BYTES);
        byte[] head = in.readNBytes(DECLARATION_BYTES);
        in.reset();
        Charset charset = StandardCharsets.UTF_8;
        if (head.length >= 2 && (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF
                || head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)) {
            charset = StandardCharsets.UTF_16;
        } else {
            if (head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
                in.skipNBytes(3);
            }
            Matcher declared = DECLARED_ENCODING.matcher(new String(head, StandardCharsets.ISO_8859_1));
            if (declared.lookingAt()) {
                try {
                    charset = Charset.forName(declared.group(1));
                } catch (IllegalArgumentException e) {
                    throw new FormatException(name + ": the XML declaration names the encoding '" + declared.group(1)
                            + "', which Java does not know: expected UTF-8");
                }
            }
        }
        return new InputStreamReader(in, charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private FormatException tooLarge(String name) {
        return new FormatException(name + ": larger than the limit of " + maxDocumentBytes
                + " bytes for a Consolidated List document");
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < 16; depth++) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            cause = cause instanceof XMLStreamException stream && stream.getNestedException() != null
                    ? stream.getNestedException() : cause.getCause();
        }
        return null;
    }

    private static FormatException notWellFormed(String name, XMLStreamException e, String where) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        int message = reason.indexOf("Message: ");
        if (message >= 0) {
            reason = reason.substring(message + "Message: ".length());
        }
        Location location = e.getLocation();
        String at = location == null || location.getLineNumber() < 0 ? ""
                : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
        return new FormatException(name + ": the XML breaks off or is not well-formed" + at + " (reading " + where
                + "): expected a complete Consolidated List document ending with </" + ROOT + ">; the parser says: "
                + reason.strip(), e);
    }

    /** One decoding run over one document: where it is, for error messages. */
    private final class Pass {

        private final String name;
        private final XMLStreamReader xml;
        private final DecodeSink sink;
        private String where = START;
        private RecordError problem;
        private int elements;

        Pass(String name, XMLStreamReader xml, DecodeSink sink) {
            this.name = name;
            this.xml = xml;
            this.sink = sink;
        }

        void document() throws XMLStreamException, FormatException {
            int event = nextTagOrEnd();
            if (event != XMLStreamConstants.START_ELEMENT) {
                throw new FormatException(name + ": expected an XML document with the root element <" + ROOT
                        + ">, found no element");
            }
            if (!ROOT.equals(xml.getLocalName())) {
                throw new FormatException(name + ": expected the root element <" + ROOT + "> of the UN Security"
                        + " Council Consolidated List, found <" + xml.getLocalName() + ">");
            }
            where = "/" + ROOT;
            int individuals = 0;
            int entities = 0;
            while (nextTagOrEnd() == XMLStreamConstants.START_ELEMENT) {
                String section = xml.getLocalName();
                if (section.equals("INDIVIDUALS")) {
                    individuals = section(section, "INDIVIDUAL", individuals);
                } else if (section.equals("ENTITIES")) {
                    entities = section(section, "ENTITY", entities);
                } else {
                    skipElement();
                }
                where = "/" + ROOT;
            }
            where = "the end of the document, after </" + ROOT + ">";
            while (xml.hasNext()) {
                int after = xml.next();
                if (after == XMLStreamConstants.START_ELEMENT) {
                    throw new FormatException(name + ": expected nothing after </" + ROOT + ">, found <"
                            + xml.getLocalName() + ">");
                }
            }
        }

        /** Reads the listings of one section; returns the count of listings read so far, for their positions. */
        private int section(String section, String listing, int count) throws XMLStreamException,
                FormatException {
            String sectionPath = "/" + ROOT + "/" + section;
            where = sectionPath;
            while (nextTagOrEnd() == XMLStreamConstants.START_ELEMENT) {
                if (!listing.equals(xml.getLocalName())) {
                    skipElement();
                    continue;
                }
                count++;
                where = sectionPath + "/" + listing + "[" + count + "]";
                listing(Element.listing(listing, where));
                where = sectionPath;
            }
            return count;
        }

        private void listing(Element element) throws XMLStreamException, FormatException {
            problem = null;
            elements = 0;
            content(element, 0);
            if (problem != null) {
                sink.error(problem);
                return;
            }
            List<RecordError> notes = new ArrayList<>();
            SanctionListing listing;
            try {
                listing = element.name().equals("INDIVIDUAL") ? ListingMapper.individual(element, notes::add)
                        : ListingMapper.entity(element);
            } catch (ListingMapper.Rejected e) {
                sink.error(e.error());
                return;
            } catch (RuntimeException e) {
                sink.error(RecordError.of(element.path(), null, "a listing this plugin can map: " + e, null));
                return;
            }
            sink.record(listing);
            notes.forEach(sink::warning);
        }

        /** Reads an element's text and children up to its end tag. */
        private void content(Element element, int depth) throws XMLStreamException, FormatException {
            StringBuilder text = null;
            while (true) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (problem != null) {
                            skipElement();
                        } else if (depth >= MAX_DEPTH_IN_LISTING) {
                            problem = RecordError.of(element.path(), element.name(), "elements nested at most "
                                    + MAX_DEPTH_IN_LISTING + " deep in a listing", "<" + xml.getLocalName() + ">");
                            skipElement();
                        } else if (++elements > MAX_ELEMENTS_PER_LISTING) {
                            problem = RecordError.of(element.path(), null, "at most " + MAX_ELEMENTS_PER_LISTING
                                    + " elements in one listing", "more");
                            skipElement();
                        } else {
                            content(element.add(xml.getLocalName()), depth + 1);
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (problem == null) {
                            int length = xml.getTextLength();
                            int had = text == null ? 0 : text.length();
                            if (had + length > maxFieldChars) {
                                problem = RecordError.of(element.path(), element.name(), "a text of at most "
                                        + maxFieldChars + " characters", "more than " + maxFieldChars
                                        + " characters");
                            } else {
                                if (text == null) {
                                    text = new StringBuilder(length);
                                }
                                text.append(xml.getTextCharacters(), xml.getTextStart(), length);
                            }
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (text != null && problem == null) {
                            element.setText(text.toString());
                        }
                        return;
                    }
                    default -> refuseDtdAndEntities(event);
                }
            }
        }

        /** The next start or end tag, skipping text, comments and processing instructions. */
        private int nextTagOrEnd() throws XMLStreamException, FormatException {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.END_ELEMENT) {
                    return event;
                }
                refuseDtdAndEntities(event);
            }
            return XMLStreamConstants.END_DOCUMENT;
        }

        /** Skips the element just started, with everything in it, without building anything. */
        private void skipElement() throws XMLStreamException, FormatException {
            int depth = 1;
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else {
                    refuseDtdAndEntities(event);
                }
            }
        }

        private void refuseDtdAndEntities(int event) throws FormatException {
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE
                    || event == XMLStreamConstants.ENTITY_DECLARATION) {
                Location location = xml.getLocation();
                throw new FormatException(name + ": has a document type declaration or an entity reference at line "
                        + location.getLineNumber() + ", column " + location.getColumnNumber()
                        + ": expected a Consolidated List without a DTD; DTDs and entities are refused");
            }
        }
    }

    @Override
    public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) throws IOException {
        return ListingWriter.write(records, out);
    }

    /** Counts the bytes read and fails past the limit, whatever the payload claims its size is. */
    static final class LimitedInputStream extends FilterInputStream {

        /** Thrown when the content exceeds the limit. */
        static final class LimitExceeded extends IOException {
            private static final long serialVersionUID = 1L;

            LimitExceeded(long limit) {
                super("more than " + limit + " bytes");
            }
        }

        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws LimitExceeded {
            count += n;
            if (count > limit) {
                throw new LimitExceeded(limit);
            }
        }
    }
}
