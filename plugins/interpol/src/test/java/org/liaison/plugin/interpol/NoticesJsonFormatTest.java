package org.liaison.plugin.interpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.plugin.interpol.Samples.decode;
import static org.liaison.plugin.interpol.Samples.encode;
import static org.liaison.plugin.interpol.Samples.payload;
import static org.liaison.plugin.interpol.Samples.resourcePayload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.Charge;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.Notice;
import org.liaison.api.record.NoticeKind;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.Sex;
import org.liaison.api.transport.Payload;

class NoticesJsonFormatTest {

    private final NoticesJsonFormat format = new NoticesJsonFormat();

    private static Notice notice(DataRecord record) {
        return (Notice) record;
    }

    // ------------------------------------------------------------------------------------ the real sample

    @Test
    void decodesTheRealListPage() throws Exception {
        Decoded decoded = decode(format, resourcePayload(Samples.REAL_PAGE));

        assertEquals(List.of(), decoded.errors());
        assertEquals(20, decoded.records().size());
        assertEquals(List.of("2021/75051", "2021/77523", "2021/15457", "2021/73739", "2021/75365", "2021/70940",
                "2021/73114", "2021/76557", "2021/76569", "2021/76135", "2021/72237", "2021/72446", "2021/57079",
                "2021/73583", "2021/72348", "2021/70866", "2021/72286", "2021/69577", "2021/70593", "2021/71925"),
                decoded.records().stream().map(DataRecord::id).toList());
        assertTrue(decoded.records().stream().allMatch(r -> notice(r).kind() == NoticeKind.RED));

        Notice first = notice(decoded.records().get(0));
        assertEquals(RecordType.NOTICE, first.type());
        assertEquals("https://ws-public.interpol.int/notices/v1/red/2021-75051", first.url().orElseThrow());
        Person subject = first.subject();
        assertEquals("2021/75051", subject.id());
        assertEquals(PersonName.builder().fullName("PINTOS MONTERO EDGAR GONZALO").familyName("PINTOS MONTERO")
                .givenNames("EDGAR GONZALO").build(), subject.name());
        assertEquals(List.of(PartialDate.of(1979, 1, 17)), subject.datesOfBirth());
        assertEquals(Set.of("UY"), subject.nationalities());
        assertEquals(List.of(), first.charges());
        assertEquals(Set.of(), first.requestingCountries());
        assertEquals(Optional.empty(), subject.sex());

        // the one notice without a thumbnail link
        Notice noThumbnail = notice(decoded.records().get(6));
        assertEquals("BWANALI MIRIAM", noThumbnail.subject().name().fullName());
        assertEquals(List.of(PartialDate.of(1980, 12, 6)), noThumbnail.subject().datesOfBirth());
        assertEquals(Set.of("ZW"), noThumbnail.subject().nationalities());

        Notice brackets = notice(decoded.records().get(7));
        assertEquals(Optional.of("ANGELOV (STOYANOV)"), brackets.subject().name().familyName());
        assertEquals(Optional.of("GYURDZHAN"), brackets.subject().name().givenNames());
    }

    @Test
    void theRealListPageSurvivesARoundTrip() throws Exception {
        List<DataRecord> records = decode(format, resourcePayload(Samples.REAL_PAGE)).records();

        String encoded = encode(format, records);

        assertTrue(encoded.startsWith("{"), "one list page, not an array");
        assertTrue(encoded.contains("\"_embedded\""));
        assertTrue(encoded.contains("\"href\": \"https://ws-public.interpol.int/notices/v1/red\""));
        Decoded again = decode(format, payload("encoded.json", encoded));
        assertEquals(List.of(), again.errors());
        assertEquals(records, again.records());
        assertEquals(encoded, encode(format, again.records()), "encoding is stable");
    }

    // ------------------------------------------------------------------------------------ notice details

    @Test
    void decodesADetailDocument() throws Exception {
        Decoded decoded = decode(format, resourcePayload(Samples.DETAIL));

        assertEquals(List.of(), decoded.errors());
        assertEquals(1, decoded.records().size());
        Notice notice = notice(decoded.records().get(0));
        assertEquals("2099/00001", notice.id());
        assertEquals(NoticeKind.RED, notice.kind());
        assertEquals(List.of(Charge.builder().country("AR").text("Murder; armed robbery").build(),
                Charge.builder().country("UY").text("Participation in an organised criminal group").build()),
                notice.charges());
        assertEquals(Set.of("AR", "UY"), notice.requestingCountries());
        Person subject = notice.subject();
        assertEquals("SAMPLE CONSTRUCTED JANE ALEXANDRA", subject.name().fullName());
        assertEquals(Optional.of(Sex.FEMALE), subject.sex());
        assertEquals(List.of(PartialDate.of(1979)), subject.datesOfBirth());
        assertEquals(PartialDate.Precision.YEAR, subject.datesOfBirth().get(0).precision());
        assertEquals(Optional.of("Rosario"), subject.placeOfBirth());
        assertEquals(Optional.of("AR"), subject.countryOfBirth());
        assertEquals(Set.of("AR", "UY"), subject.nationalities());
        assertEquals(Set.of("eng", "spa"), subject.languages());
        assertEquals(Optional.of(1.68), subject.heightMetres());
        assertEquals(Optional.of(78.0), subject.weightKg());
        assertEquals(Set.of("BRO"), subject.eyeColours());
        assertEquals(Set.of("BLA", "BRO"), subject.hairColours());
        assertEquals(Optional.of("Scar on the left forearm"), subject.distinguishingMarks());
        assertEquals(Optional.of("https://ws-public.interpol.int/notices/v1/red/2099-00001"), notice.url());
    }

    @Test
    void aDetailDocumentSurvivesARoundTripAsADetailDocument() throws Exception {
        List<DataRecord> records = decode(format, resourcePayload(Samples.DETAIL)).records();

        String encoded = encode(format, records);

        assertTrue(encoded.startsWith("{"));
        assertFalse(encoded.contains("\"_embedded\""), "a detail document, not a list page");
        assertTrue(encoded.contains("\"arrest_warrants\""));
        assertTrue(encoded.contains("\"languages_spoken_ids\": [\n    \"ENG\",\n    \"SPA\"\n  ]"));
        assertTrue(encoded.contains("\"weight\": 78,"));
        assertEquals(records, decode(format, payload("encoded.json", encoded)).records());
    }

    @Test
    void aFileMayHoldAnArrayOfResponses() throws Exception {
        String batch = "[" + Samples.text(Samples.REAL_PAGE) + ",\n" + Samples.text(Samples.DETAIL) + ", "
                + Samples.text(Samples.PAGE_3) + "]";

        Decoded decoded = decode(format, payload("batch.json", batch));

        assertEquals(List.of(), decoded.errors());
        assertEquals(22, decoded.records().size());
        assertEquals("2021/75051", decoded.records().get(0).id());
        assertEquals("2099/00001", decoded.records().get(20).id());
        assertEquals("2099/00031", decoded.records().get(21).id());
        assertEquals(PartialDate.of(1969, 12), notice(decoded.records().get(21)).subject().datesOfBirth().get(0));

        String encoded = encode(format, decoded.records());
        assertTrue(encoded.startsWith("["), "three responses: list page, detail document, list page");
        assertEquals(decoded.records(), decode(format, payload("encoded.json", encoded)).records());
    }

    @Test
    void partialDatesKeepTheirPrecisionAndInventNoDay() throws Exception {
        String page = page("red", entry("2021/1", "A", "B", "\"1979\"") + "," + entry("2021/2", "A", "B", "\"1979/01\"")
                + "," + entry("2021/3", "A", "B", "\"1979/01/17\"") + "," + entry("2021/4", "A", "B", "null"));

        List<DataRecord> records = decode(format, payload("p.json", page)).records();

        assertEquals(List.of(PartialDate.of(1979)), notice(records.get(0)).subject().datesOfBirth());
        assertEquals(Optional.empty(), notice(records.get(0)).subject().datesOfBirth().get(0).toLocalDate());
        assertEquals(List.of(PartialDate.of(1979, 1)), notice(records.get(1)).subject().datesOfBirth());
        assertEquals(List.of(PartialDate.of(1979, 1, 17)), notice(records.get(2)).subject().datesOfBirth());
        assertEquals(List.of(), notice(records.get(3)).subject().datesOfBirth());
        String encoded = encode(format, records);
        assertTrue(encoded.contains("\"date_of_birth\": \"1979\","));
        assertTrue(encoded.contains("\"date_of_birth\": \"1979/01\","));
        assertEquals(records, decode(format, payload("again.json", encoded)).records());
    }

    // ------------------------------------------------------------------------------------ kinds

    @Test
    void theKindComesFromTheNoticesOwnLink() throws Exception {
        String page = "{\"_embedded\": {\"notices\": ["
                + entry("2021/1", "A", "B", "null", "https://ws-public.interpol.int/notices/v1/yellow/2021-1") + ","
                + entry("2021/2", "A", "B", "null", "https://ws-public.interpol.int/notices/v1/un/persons/2021-2")
                + "," + entry("2021/3", "A", "B", "null", "https://ws-public.interpol.int/notices/v1/red/2021-3")
                + "]}}";

        List<DataRecord> records = decode(format, payload("mixed.json", page)).records();

        assertEquals(List.of(NoticeKind.YELLOW, NoticeKind.UN_SECURITY_COUNCIL_SPECIAL, NoticeKind.RED),
                records.stream().map(r -> notice(r).kind()).toList());
        String encoded = encode(format, records);
        assertTrue(encoded.startsWith("["), "one list page per run of one kind");
        assertEquals(records, decode(format, payload("again.json", encoded)).records());
    }

    @Test
    void withoutItsOwnLinkANoticeTakesThePagesKindOrThePayloadsName() throws Exception {
        String entry = entry("2021/1", "A", "B", "null", null);
        String yellowPage = "{\"_links\": {\"self\": {\"href\": \"https://ws-public.interpol.int/notices/v1/yellow?page=1\"}},"
                + " \"_embedded\": {\"notices\": [" + entry + "]}}";
        String bare = "{\"_embedded\": {\"notices\": [" + entry + "]}}";

        assertEquals(NoticeKind.YELLOW,
                notice(decode(format, payload("p.json", yellowPage)).records().get(0)).kind());
        assertEquals(NoticeKind.UN_SECURITY_COUNCIL_SPECIAL, notice(decode(format,
                payload("http://127.0.0.1:8080/notices/v1/un/persons?page=1", bare)).records().get(0)).kind());

        Decoded nowhere = decode(format, payload("bare.json", bare));
        assertEquals(List.of(), nowhere.records());
        RecordError error = nowhere.errors().get(0);
        assertEquals("$._embedded.notices[0] (entity_id 2021/1)", error.location());
        assertEquals(Optional.of("_links.self.href"), error.field());
        assertTrue(error.expected().contains("/red, /yellow or /un"), error.expected());
    }

    @Test
    void aNoticeWithoutALinkKeepsItsKindThroughARoundTrip() throws Exception {
        Notice yellow = Notice.builder().id("2020/555").kind(NoticeKind.YELLOW)
                .subject(Person.builder().id("2020/555").name(PersonName.builder().fullName("DOE Jane")
                        .familyName("DOE").givenNames("Jane").build()).sex(Sex.FEMALE).build())
                .build();

        String encoded = encode(format, List.of(yellow));

        assertTrue(encoded.contains("https://ws-public.interpol.int/notices/v1/yellow"));
        assertTrue(encoded.contains("\"sex_id\": \"F\""), "details ride in the list entry when there is no URL");
        assertEquals(List.of(yellow), decode(format, payload("out.json", encoded)).records());
    }

    @Test
    void unEntityNoticesAreReportedNotDecoded() throws Exception {
        String page = page("un/entities", entry("2021/9", "ENTITY", null, "null",
                "https://ws-public.interpol.int/notices/v1/un/entities/2021-9"));

        Decoded decoded = decode(format, payload("p.json", page));

        assertEquals(List.of(), decoded.records());
        assertEquals(Optional.of("_links.self.href"), decoded.errors().get(0).field());
        assertTrue(decoded.errors().get(0).expected().contains("about a person"));
    }

    // ------------------------------------------------------------------------------------ per-record errors

    @Test
    void aBadRecordIsReportedAndTheOthersAreDecoded() throws Exception {
        String page = page("red", entry("2021/1", "GOOD", "ONE", "\"1979/01/17\"") + ","
                + entry("2021/2", "BAD", "DATE", "\"17.01.1979\"") + ","
                + "{\"forename\": \"NO\", \"name\": \"ID\"}" + ","
                + entry("2021/4", null, null, "\"1980\"") + ","
                + "42" + ","
                + entry("2021/6", "GOOD", "TWO", "\"1981/02/28\""));

        Decoded decoded = decode(format, payload("p.json", page));

        assertEquals(List.of("2021/1", "2021/6"), decoded.records().stream().map(DataRecord::id).toList());
        assertEquals(List.of(
                RecordError.of("$._embedded.notices[1] (entity_id 2021/2)", "date_of_birth",
                        "a date like 1979/01/17, 1979/01 or 1979", "17.01.1979"),
                RecordError.of("$._embedded.notices[2]", "entity_id", "the notice id, such as 2021/81307", null),
                RecordError.of("$._embedded.notices[3] (entity_id 2021/4)", "name", "a name or a forename", null),
                RecordError.of("$._embedded.notices[4]", null, "a notice object", "42")),
                decoded.errors());
    }

    @Test
    void fieldValuesAreChecked() throws Exception {
        assertFieldError("\"nationalities\": [\"Uruguay\"]", "nationalities", "Uruguay");
        assertFieldError("\"nationalities\": \"UY\", \"sex_id\": \"X\"", "sex_id", "X");
        assertFieldError("\"height\": 180", "height", "180");
        assertFieldError("\"weight\": \"heavy\"", "weight", "\"heavy\"");
        assertFieldError("\"languages_spoken_ids\": [\"E N\"]", "languages_spoken_ids", "E N");
        assertFieldError("\"country_of_birth_id\": 7", "country_of_birth_id", "7");
        assertFieldError("\"arrest_warrants\": [{\"charge\": \"Fraud\", \"issuing_country_id\": \"France\"}]",
                "arrest_warrants[0].issuing_country_id", "France");
        assertFieldError("\"arrest_warrants\": [{}]", "arrest_warrants[0]", "{}");
        assertFieldError("\"_links\": {\"self\": {\"href\": \"https://x/red/a b\"}}", "_links.self.href",
                "https://x/red/a b");
    }

    private void assertFieldError(String members, String field, String found) throws Exception {
        String doc = "{\"entity_id\": \"2021/1\", \"name\": \"N\", " + members + "}";
        Decoded decoded = decode(format, payload("https://ws-public.interpol.int/notices/v1/red/2021-1", doc));
        assertEquals(List.of(), decoded.records(), members);
        assertEquals(1, decoded.errors().size(), members);
        RecordError error = decoded.errors().get(0);
        assertEquals("$ (entity_id 2021/1)", error.location());
        assertEquals(Optional.of(field), error.field(), members);
        assertEquals(Optional.of(found), error.found(), members);
    }

    @Test
    void lenientWhereTheApiIs() throws Exception {
        String doc = "{\"entity_id\": \"2021/1\", \"name\": \"N\", \"forename\": \"\", \"height\": 0,"
                + " \"weight\": 0, \"nationalities\": [\"URY\"], \"sex_id\": null, \"arrest_warrants\": null,"
                + " \"_links\": {\"self\": {\"href\": \"https://ws-public.interpol.int/notices/v1/red/2021-1\"}}}";

        Notice notice = notice(decode(format, payload("d.json", doc)).records().get(0));

        assertEquals("N", notice.subject().name().fullName());
        assertEquals(Optional.empty(), notice.subject().name().givenNames());
        assertEquals(Optional.empty(), notice.subject().heightMetres(), "0 means not measured");
        assertEquals(Optional.empty(), notice.subject().weightKg());
        assertEquals(Set.of("UY"), notice.subject().nationalities(), "alpha-3 converted");
    }

    @Test
    void anOversizeFieldIsAPerRecordError() throws Exception {
        String longName = "A".repeat(NoticeMapping.FIELD_LIMIT + 1);
        String page = page("red", entry("2021/1", longName, "X", "null") + "," + entry("2021/2", "OK", "Y", "null"));

        Decoded decoded = decode(format, payload("p.json", page));

        assertEquals(List.of("2021/2"), decoded.records().stream().map(DataRecord::id).toList());
        assertEquals(List.of(RecordError.of("$._embedded.notices[0] (entity_id 2021/1)", "forename",
                "at most 65536 characters", "65537 characters")), decoded.errors());
    }

    @Test
    void aBadResponseInAnArrayIsAPerRecordError() throws Exception {
        String batch = "[{\"error\": \"rate limited\"}, \"text\", " + Samples.text(Samples.PAGE_3) + "]";

        Decoded decoded = decode(format, payload("batch.json", batch));

        assertEquals(List.of("2099/00031"), decoded.records().stream().map(DataRecord::id).toList());
        assertEquals("$[0]", decoded.errors().get(0).location());
        assertEquals(Optional.of("an object with members [error]"), decoded.errors().get(0).found());
        assertEquals("$[1]", decoded.errors().get(1).location());
    }

    // ------------------------------------------------------------------------------------ repeated members

    @Test
    void aNoticeThatNamesAMemberTwiceIsAnErrorNotItsLastValue() throws Exception {
        String twice = entry("2021/2", "SECOND", "NAME", "\"1980\"").replace("\"name\": \"NAME\"",
                "\"name\": \"NAME\", \"name\": \"OTHER\"");
        String twoLinks = entry("2021/3", "THIRD", "LINK", "null").replace("\"_links\": {",
                "\"_links\": {\"self\": {\"href\": \"https://ws-public.interpol.int/notices/v1/yellow/2021-3\"}, ");
        String twoIds = entry("2021/4", "FOURTH", "ID", "null").replace("\"entity_id\": \"2021/4\"",
                "\"entity_id\": \"2021/4\", \"entity_id\": \"2021/5\"");
        String page = page("red", entry("2021/1", "GOOD", "ONE", "\"1979\"") + "," + twice + "," + twoLinks + ","
                + twoIds + "," + entry("2021/6", "GOOD", "TWO", "\"1981\""));

        Decoded decoded = decode(format, payload("p.json", page));

        assertEquals(List.of("2021/1", "2021/6"), decoded.records().stream().map(DataRecord::id).toList());
        List<RecordError> errors = decoded.errors();
        assertEquals(3, errors.size(), errors.toString());
        assertEquals("$._embedded.notices[1] (entity_id 2021/2)", errors.get(0).location());
        assertEquals(Optional.of("name"), errors.get(0).field());
        assertTrue(errors.get(0).expected().contains("one member named name"), errors.get(0).message());
        assertEquals(Optional.of("two members named name"), errors.get(0).found());
        assertEquals("$._embedded.notices[2] (entity_id 2021/3)", errors.get(1).location());
        assertEquals(Optional.of("_links.self"), errors.get(1).field(), "a nested member names its path");
        assertEquals("$._embedded.notices[3]", errors.get(2).location(), "which id is meant is unknown");
        assertEquals(Optional.of("entity_id"), errors.get(2).field());
    }

    @Test
    void aDetailDocumentThatNamesAMemberTwiceIsAnError() throws Exception {
        String detail = Samples.text(Samples.DETAIL).replace("\"sex_id\": \"F\"",
                "\"sex_id\": \"F\", \"sex_id\": \"M\"");
        assertTrue(detail.contains("\"sex_id\": \"M\""), "the sample still has a sex_id");

        Decoded decoded = decode(format, payload("detail.json", detail));

        assertEquals(List.of(), decoded.records());
        assertEquals(List.of(RecordError.of("$ (entity_id 2099/00001)", "sex_id",
                "one member named sex_id (an object that names a member twice is ambiguous: readers differ on which"
                        + " value counts)", "two members named sex_id")), decoded.errors());

        String embedded = Samples.text(Samples.DETAIL).replace("\"links\": []", "\"links\": [], \"links\": []");
        RecordError nested = decode(format, payload("detail.json", embedded)).errors().get(0);
        assertEquals(Optional.of("_embedded.links"), nested.field(), nested.message());
    }

    @Test
    void aListPageThatNamesAMemberTwiceIsRefusedWhole() {
        String notices = entry("2021/1", "GOOD", "ONE", "\"1979\"");
        String twoLinks = "{\"_links\": {\"self\": {\"href\": \"https://ws-public.interpol.int/notices/v1/red\"}},"
                + " \"_links\": {\"self\": {\"href\": \"https://ws-public.interpol.int/notices/v1/yellow\"}},"
                + " \"_embedded\": {\"notices\": [" + notices + "]}}";
        FormatException links = assertThrows(FormatException.class, () -> decode(format, payload("p.json", twoLinks)));
        assertTrue(links.getMessage().startsWith("p.json: member '_links' appears twice"), links.getMessage());
        assertTrue(links.getMessage().contains("expected each member of a list page once"), links.getMessage());

        String twoLists = "{\"_embedded\": {\"notices\": [" + notices + "], \"notices\": [" + notices + "]}}";
        FormatException lists = assertThrows(FormatException.class, () -> decode(format, payload("p.json", twoLists)));
        assertTrue(lists.getMessage().contains("member '_embedded.notices' appears twice"), lists.getMessage());

        String query = page("red", notices).replace("\"total\": 1", "\"query\": {\"page\": 1, \"page\": 2}");
        FormatException nested = assertThrows(FormatException.class, () -> decode(format, payload("p.json", query)));
        assertTrue(nested.getMessage().contains("member 'query.page' appears twice"), nested.getMessage());

        String inBatch = "[" + page("red", notices) + ", " + twoLinks + "]";
        FormatException batch = assertThrows(FormatException.class,
                () -> decode(format, payload("b.json", inBatch)));
        assertTrue(batch.getMessage().contains("of the response at $[1]"), batch.getMessage());
    }

    // ------------------------------------------------------------------------------------ unreadable inputs

    @Test
    void aTruncatedFileGivesOneClearError() {
        byte[] whole = Samples.bytes(Samples.REAL_PAGE);
        Payload truncated = Payload.ofBytes("interpol", "page1-truncated.json", Arrays.copyOf(whole, whole.length / 2));
        List<DataRecord> records = new ArrayList<>();
        DecodeSink sink = new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                records.add(record);
            }

            @Override
            public void error(RecordError error) {
                throw new AssertionError("no per-record error expected: " + error);
            }
        };

        FormatException e = assertThrows(FormatException.class, () -> format.decode(truncated, sink));

        assertTrue(e.getMessage().startsWith("page1-truncated.json: truncated: the JSON ends at line "),
                e.getMessage());
        assertTrue(e.getMessage().contains("path $._embedded.notices["), e.getMessage());
        assertFalse(records.isEmpty(), "the notices before the cut were streamed");
    }

    @Test
    void unreadableInputsNameThePayload() {
        assertFormatError("not json at all", "x.json: not valid JSON at line 1 column ");
        assertFormatError("", "x.json: truncated: the JSON ends at line 1 column 1");
        assertFormatError("42", "x.json: expected a Notices API response (a JSON object) or an array of them");
        assertFormatError("{\"format\": \"liaison-canonical-json\", \"records\": []}",
                "x.json: expected a Notices API list page (with _embedded.notices) or a notice (with entity_id)");
        assertFormatError("{\"entity_id\": \"2021/1\", \"name\": \"N\"} {}", "x.json: ");
        assertFormatError("{\"_embedded\": {\"notices\": [{\"entity_id\": \"2021/1\",}]}}",
                "x.json: not valid JSON at line 1 column ");
        assertFormatError("[".repeat(100), "x.json: not valid JSON ");
        FormatException latin1 = assertThrows(FormatException.class, () -> format.decode(Payload.ofBytes(
                "interpol", "x.json", "{\"name\": \"M\u00dcLLER\"}".getBytes(StandardCharsets.ISO_8859_1)),
                ignoring()));
        assertTrue(latin1.getMessage().startsWith("x.json: not UTF-8 text at line 1"), latin1.getMessage());
    }

    private void assertFormatError(String content, String start) {
        FormatException e = assertThrows(FormatException.class,
                () -> format.decode(payload("x.json", content), ignoring()), content);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertFalse(e.getMessage().contains("Troubleshooting"), e.getMessage());
    }

    private static DecodeSink ignoring() {
        return new DecodeSink() {
            @Override
            public void record(DataRecord record) {
            }

            @Override
            public void error(RecordError error) {
            }
        };
    }

    // ------------------------------------------------------------------------------------ limits and streaming

    @Test
    void aDocumentOverTheLimitIsRefused() {
        NoticesJsonFormat small = new NoticesJsonFormat(10_000, 5_000);

        FormatException e = assertThrows(FormatException.class,
                () -> small.decode(resourcePayload(Samples.REAL_PAGE), ignoring()));

        assertEquals(Samples.REAL_PAGE + ": 12502 bytes, more than the limit of 10000 bytes for one document",
                e.getMessage());
    }

    @Test
    void aNoticeOverTheRecordLimitIsRefused() {
        NoticesJsonFormat small = new NoticesJsonFormat(1_000_000, 20_000);
        String page = page("red", entry("2021/1", "A", "B", "null") + ","
                + entry("2021/2", "C".repeat(30_000), "D", "null"));

        FormatException e = assertThrows(FormatException.class,
                () -> small.decode(payload("big.json", page), ignoring()));

        assertTrue(e.getMessage().startsWith("big.json: at line "), e.getMessage());
        assertTrue(e.getMessage().contains("$._embedded.notices[1]"), e.getMessage());
        assertTrue(e.getMessage().endsWith("more than the limit of 20000 bytes for one notice or response"),
                e.getMessage());
    }

    @Test
    void aLargeFileIsStreamedNoticeByNotice(@TempDir Path dir) throws Exception {
        int count = 100_000;
        Path file = dir.resolve("large.json");
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("{\"_embedded\": {\"notices\": [");
            for (int i = 0; i < count; i++) {
                out.write((i == 0 ? "" : ",") + entry("2021/" + i, "GIVEN", "FAMILY " + i, "\"1979/01/17\"",
                        "https://ws-public.interpol.int/notices/v1/red/2021-" + i));
            }
            out.write("]}}");
        }
        // A small record limit: the file passes only if no more than one notice is ever held at a time.
        NoticesJsonFormat bounded = new NoticesJsonFormat(NoticesJsonFormat.DOCUMENT_LIMIT, 64 * 1024);
        AtomicInteger records = new AtomicInteger();
        long start = System.nanoTime();

        bounded.decode(Payload.ofFile("interpol", file), new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                records.incrementAndGet();
            }

            @Override
            public void error(RecordError error) {
                throw new AssertionError(error.message());
            }
        });

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(count, records.get());
        System.out.printf("decoded %d notices (%d MB) in %d ms%n", count, Files.size(file) / 1_000_000, millis);
    }

    // ------------------------------------------------------------------------------------ accepts

    @Test
    void acceptsNoticesApiJsonOnly() {
        assertTrue(format.accepts(Samples.REAL_PAGE, head(Samples.bytes(Samples.REAL_PAGE))));
        assertTrue(format.accepts("detail", head(Samples.bytes(Samples.DETAIL))));
        assertTrue(format.accepts("batch.json", "  [ {\"total\": 1, \"_embedded\": {}} ]".getBytes()));
        assertFalse(format.accepts("c.json", ("{\"format\": \"liaison-canonical-json\", \"version\": 1, \"records\":"
                + " [{\"type\": \"notice\", \"entity_id\": 1}]}").getBytes()));
        assertFalse(format.accepts("s.csv", "Region,Country,entity_id\n".getBytes()));
        assertFalse(format.accepts("l.xml", "<CONSOLIDATED_LIST entity_id=\"1\"/>".getBytes()));
        assertFalse(format.accepts("x.json", "{\"a\": 1}".getBytes()));
        assertFalse(format.accepts("empty", new byte[0]));
    }

    private static byte[] head(byte[] bytes) {
        return Arrays.copyOf(bytes, Math.min(4096, bytes.length));
    }

    // ------------------------------------------------------------------------------------ encoding

    @Test
    void encodeLeavesOutWhatTheApiCannotCarry() throws Exception {
        Notice good = subjectNotice("2021/1", NoticeKind.RED, Person.builder().id("2021/1").name(name()));
        List<DataRecord> records = List.of(
                good,
                Person.builder().id("p").name(name()).build(),
                good.toBuilder().id("2021/2").kind(NoticeKind.BLUE).subject(person("2021/2").build()).build(),
                subjectNotice("2021/3", NoticeKind.RED, person("2021/3").aliases(name())),
                subjectNotice("2021/4", NoticeKind.RED, person("2021/4")
                        .datesOfBirth(PartialDate.of(1979), PartialDate.of(1980))),
                subjectNotice("2021/5", NoticeKind.RED, person("2021/5").name(PersonName.builder()
                        .fullName("Jane DOE").familyName("DOE").givenNames("Jane").build())),
                subjectNotice("2021/6", NoticeKind.RED, person("other")),
                subjectNotice("2021/7", NoticeKind.RED, person("2021/7")).toBuilder()
                        .charges(Charge.builder().country("FR").text("Fraud").build()).build(),
                subjectNotice("2021/8", NoticeKind.RED, person("2021/8")).toBuilder()
                        .url("https://ws-public.interpol.int/notices/v1/yellow/2021-8").build(),
                subjectNotice("2021/9", NoticeKind.RED, person("2021/9")).toBuilder()
                        .publishedOn(PartialDate.of(2021)).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        List<RecordError> errors = format.encode(records, out);

        assertEquals(List.of("record 1", "record 2 (id 2021/2)", "record 3 (id 2021/3)", "record 4 (id 2021/4)",
                "record 5 (id 2021/5)", "record 6 (id 2021/6)", "record 7 (id 2021/7)", "record 8 (id 2021/8)",
                "record 9 (id 2021/9)"), errors.stream().map(RecordError::location).toList());
        assertEquals(List.of("type", "kind", "subject.aliases", "subject.datesOfBirth", "subject.name.fullName",
                "subject.id", "requestingCountries", "url", "publishedOn"),
                errors.stream().map(e -> e.field().orElse("")).toList());
        assertEquals(List.of(good), decode(format, payload("out.json", out.toString(StandardCharsets.UTF_8)))
                .records());
    }

    @Test
    void requestingCountriesWithoutAChargeSurviveARoundTrip() throws Exception {
        Notice notice = subjectNotice("2021/1", NoticeKind.RED, person("2021/1")).toBuilder()
                .charges(Charge.builder().country("FR").text("Fraud").build(),
                        Charge.builder().text("Money laundering").build())
                .requestingCountries("FR", "BE").url("https://ws-public.interpol.int/notices/v1/red/2021-1")
                .build();

        String encoded = encode(format, List.of(notice));

        assertTrue(encoded.contains("\"charge\": null"), encoded);
        assertEquals(List.of(notice), decode(format, payload("out.json", encoded)).records());
    }

    @Test
    void nothingToEncodeIsAnEmptyListPage() throws Exception {
        String encoded = encode(format, List.of());

        assertTrue(encoded.contains("\"notices\": []"), encoded);
        assertEquals(List.of(), decode(format, payload("empty.json", encoded)).records());
    }

    @Test
    void describesItself() {
        assertEquals(Set.of(RecordType.NOTICE), format.recordTypes());
        assertEquals("json", format.fileExtension());
    }

    @Test
    void encodeDoesNotCloseTheStream() throws Exception {
        boolean[] closed = {false};
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        format.encode(List.of(), out);
        assertFalse(closed[0]);
    }

    // ------------------------------------------------------------------------------------ helpers

    private static PersonName name() {
        return PersonName.builder().fullName("DOE Jane").familyName("DOE").givenNames("Jane").build();
    }

    private static Person.Builder person(String id) {
        return Person.builder().id(id).name(name());
    }

    private static Notice subjectNotice(String id, NoticeKind kind, Person.Builder subject) {
        return Notice.builder().id(id).kind(kind).subject(subject.build()).build();
    }

    static String page(String kindPath, String entries) {
        return "{\"total\": 1, \"_embedded\": {\"notices\": [" + entries + "]}, \"_links\": {\"self\": {\"href\": "
                + "\"https://ws-public.interpol.int/notices/v1/" + kindPath + "?page=1\"}}}";
    }

    static String entry(String id, String forename, String name, String dateOfBirth) {
        return entry(id, forename, name, dateOfBirth,
                "https://ws-public.interpol.int/notices/v1/red/" + id.replace('/', '-'));
    }

    static String entry(String id, String forename, String name, String dateOfBirth, String self) {
        return "{\"forename\": " + quote(forename) + ", \"date_of_birth\": " + dateOfBirth + ", \"entity_id\": "
                + quote(id) + ", \"nationalities\": [\"FR\"], \"name\": " + quote(name)
                + (self == null ? "" : ", \"_links\": {\"self\": {\"href\": " + quote(self) + "}}") + "}";
    }

    private static String quote(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }
}
