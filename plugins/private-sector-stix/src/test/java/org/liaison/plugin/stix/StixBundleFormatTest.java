package org.liaison.plugin.stix;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.GranularMarking;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.ThreatIndicator;
import org.liaison.api.transport.Payload;

class StixBundleFormatTest {

    private static final String WHITE_21 = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
    private static final String AMBER_21 = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    private static final String RED_21 = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    private static final String AMBER_STRICT_20 = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";

    private final StixBundleFormat format = new StixBundleFormat();

    // ---- the real sample -------------------------------------------------------------------------------------

    @Test
    void decodesEveryObjectOfTheRealSample() throws Exception {
        Decoded decoded = Samples.decode(format, Samples.resourcePayload(Samples.REAL));

        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(), decoded.warnings());
        assertEquals(155, decoded.records().size());
        Map<String, Long> byType = indicators(decoded).stream()
                .collect(Collectors.groupingBy(ThreatIndicator::objectType, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("relationship", 90L, "malware", 25L, "indicator", 25L, "vulnerability", 6L,
                "campaign", 3L, "attack-pattern", 3L, "identity", 1L, "course-of-action", 1L, "report", 1L), byType);
        assertTrue(decoded.records().stream().allMatch(r -> r.marking().isEmpty()), "the sample has no markings");
        assertTrue(decoded.records().stream().allMatch(r -> r.type() == RecordType.THREAT_INDICATOR));
        assertEquals("malware--591f0cb7-d66f-4e14-a8e6-5927b597f920", decoded.records().get(0).id());
    }

    @Test
    void mapsTheRealSamplesFieldsAsTheFileHasThem() throws Exception {
        Map<String, ThreatIndicator> byId = byId(Samples.decode(format, Samples.resourcePayload(Samples.REAL)));

        ThreatIndicator indicator = byId.get("indicator--e8094b09-7df4-4b13-b207-1e27af3c4bde");
        assertEquals("indicator", indicator.objectType());
        assertEquals("IP address: 219.76.208.163", indicator.name().orElseThrow());
        assertEquals("IP address for key@123 sample 808e21d6efa2884811fbd0adf67fda78",
                indicator.description().orElseThrow());
        assertEquals("[ipv4-addr:value = '219.76.208.163']", indicator.pattern().orElseThrow());
        assertEquals("stix", indicator.patternType().orElseThrow());
        assertEquals(Instant.parse("2015-05-15T09:12:16.432678Z"), indicator.validFrom().orElseThrow());
        assertEquals(Instant.parse("2015-05-15T09:12:16.432Z"), indicator.created().orElseThrow());
        assertEquals(Instant.parse("2015-05-15T09:12:16.432Z"), indicator.modified().orElseThrow());
        assertEquals(List.of("indicator_types:malicious-activity", "indicator_types:attribution"),
                indicator.labels());

        ThreatIndicator relationship = byId.get("relationship--26c5311c-9d9b-4b9b-b3b5-bac10e16a7a3");
        assertEquals("relationship", relationship.objectType());
        assertEquals(List.of("campaign--752c225d-d6f6-4456-9130-d9580fd4007b",
                "attack-pattern--19da6e1c-69a8-4c2f-886d-d620d09d3b5a"), relationship.relatedIds());
        assertEquals(List.of("relationship_type:uses"), relationship.labels());

        ThreatIndicator vulnerability = byId.get("vulnerability--c7cab3fb-0822-43a5-b1ba-c9bab34361a2");
        assertEquals("CVE-2012-0158", vulnerability.name().orElseThrow());
        assertEquals(List.of("{\"source_name\":\"cve\",\"external_id\":\"CVE-2012-0158\"}"),
                vulnerability.externalReferences());

        ThreatIndicator attackPattern = byId.get("attack-pattern--19da6e1c-69a8-4c2f-886d-d620d09d3b5a");
        assertEquals(List.of("kill_chain_phases:mandiant-attack-lifecycle-model:initial-compromise"),
                attackPattern.labels());
        assertEquals(List.of("{\"source_name\":\"capec\",\"description\":\"spear phishing\","
                + "\"external_id\":\"CAPEC-163\"}"), attackPattern.externalReferences());

        ThreatIndicator report = byId.get("report--f2b63e80-b523-4747-a069-35c002c690db");
        assertEquals("Poison Ivy: Assessing Damage and Extracting Intelligence", report.name().orElseThrow());
        assertEquals(Instant.parse("2013-08-21T00:00:00Z"), report.validFrom().orElseThrow());
        assertEquals(153, report.relatedIds().size());
        assertEquals("malware--591f0cb7-d66f-4e14-a8e6-5927b597f920", report.relatedIds().get(0));
        assertEquals("relationship--b2fb88f2-5ad7-4c07-b4b2-61986decb477", report.relatedIds().get(152));
        assertEquals(List.of("created_by_ref:identity--81cade27-7df8-4730-836b-62d880e6d9d3",
                "report_types:threat-report", "report_types:malware"), report.labels());

        ThreatIndicator identity = byId.get("identity--81cade27-7df8-4730-836b-62d880e6d9d3");
        assertEquals("FireEye, Inc.", identity.name().orElseThrow());
        assertEquals(List.of("identity_class:organization", "sectors:technology"), identity.labels());

        ThreatIndicator campaign = byId.get("campaign--752c225d-d6f6-4456-9130-d9580fd4007b");
        assertEquals("admin@338", campaign.name().orElseThrow());
        assertEquals(Instant.parse("2008-01-07T00:00:00Z"), campaign.validFrom().orElseThrow());

        ThreatIndicator poisonIvy = byId.get("malware--591f0cb7-d66f-4e14-a8e6-5927b597f920");
        assertEquals(List.of("malware_types:remote-access-trojan", "is_family:true"), poisonIvy.labels());
        ThreatIndicator notAFamily = byId.get("malware--f86febd3-609b-4d2e-9fec-aa805cb498bf");
        assertFalse(notAFamily.labels().contains("is_family:true"));

        ThreatIndicator courseOfAction = byId.get("course-of-action--70b3d5f6-374b-4488-8688-729b6eedac5b");
        assertEquals(2, courseOfAction.externalReferences().size());
        assertTrue(courseOfAction.externalReferences().get(0).contains("\"url\":\"https://github.com/fireeye/chopshop\""));
    }

    @Test
    void theRealSampleSurvivesARoundTrip() throws Exception {
        List<DataRecord> records = Samples.decode(format, Samples.resourcePayload(Samples.REAL)).records();
        String encoded = Samples.encode(format, records);
        Decoded again = Samples.decode(format, Samples.payload("encoded.json", encoded));

        assertEquals(List.of(), again.errors());
        assertEquals(List.of(), again.warnings());
        assertEquals(records, again.records());
        assertEquals(encoded, Samples.encode(format, again.records()), "the same records give the same bytes");
    }

    @Test
    void writesValidStix21() throws Exception {
        List<DataRecord> records = Samples.decode(format, Samples.resourcePayload(Samples.REAL)).records();
        JsonObject bundle = JsonParser.parseString(Samples.encode(format, records)).getAsJsonObject();

        assertEquals("bundle", bundle.get("type").getAsString());
        assertTrue(bundle.get("id").getAsString().matches(
                "bundle--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), "a UUIDv5 bundle id");
        assertFalse(bundle.has("spec_version"), "STIX 2.1 bundles have no spec_version");
        assertEquals(155, bundle.getAsJsonArray("objects").size());
        for (JsonElement element : bundle.getAsJsonArray("objects")) {
            JsonObject object = element.getAsJsonObject();
            assertEquals("2.1", object.get("spec_version").getAsString(), object.toString());
            assertTrue(object.get("id").getAsString().startsWith(object.get("type").getAsString() + "--"));
            for (String time : List.of("created", "modified")) {
                assertTrue(object.get(time).getAsString().matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3,9}Z"), object.get(time).getAsString());
            }
            switch (object.get("type").getAsString()) {
                case "malware" -> assertTrue(object.get("is_family").getAsJsonPrimitive().isBoolean());
                case "indicator" -> assertTrue(object.has("pattern") && object.has("pattern_type")
                        && object.has("valid_from"));
                case "relationship" -> assertTrue(object.has("relationship_type") && object.has("source_ref")
                        && object.has("target_ref"));
                case "report" -> assertTrue(object.has("published") && object.has("object_refs"));
                default -> {
                }
            }
        }
        JsonObject first = bundle.getAsJsonArray("objects").get(0).getAsJsonObject();
        assertEquals("Poison Ivy", first.get("name").getAsString());
        assertEquals("remote-access-trojan", first.getAsJsonArray("malware_types").get(0).getAsString());
    }

    @Test
    void theBundleIdFollowsTheContent() throws Exception {
        List<DataRecord> records = Samples.decode(format, Samples.resourcePayload(Samples.REAL)).records();
        String all = bundleId(Samples.encode(format, records));
        assertEquals(all, bundleId(Samples.encode(format, records)));
        assertFalse(all.equals(bundleId(Samples.encode(format, records.subList(0, 154)))));
        ThreatIndicator first = (ThreatIndicator) records.get(0);
        List<DataRecord> changed = new ArrayList<>(records);
        changed.set(0, first.toBuilder().description("changed").build());
        assertFalse(all.equals(bundleId(Samples.encode(format, changed))));
    }

    // ---- TLP markings (constructed bundles) ------------------------------------------------------------------

    @Test
    void readsEveryKindOfTlpMarking() throws Exception {
        Decoded decoded = Samples.decode(format, Samples.resourcePayload(Samples.CONSTRUCTED_TLP));
        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(), decoded.warnings());
        assertEquals(10, decoded.records().size(), "marking definitions are not records");
        Map<String, ThreatIndicator> byId = byId(decoded);

        assertEquals(HandlingMarking.of(Tlp.CLEAR), marking(byId, "identity--0c0e1b52-7d0a-4c57-9f52-000000000001"),
                "STIX 2.1 fixed TLP:WHITE");
        assertEquals(HandlingMarking.of(Tlp.GREEN), marking(byId, "indicator--0c0e1b52-7d0a-4c57-9f52-000000000002"),
                "STIX 2.1 fixed TLP:GREEN");
        assertEquals(HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes("H2").build(),
                marking(byId, "malware--0c0e1b52-7d0a-4c57-9f52-000000000003"),
                "embedded definition_type tlp, defined later in the bundle, and a one-word statement");
        assertEquals(HandlingMarking.of(Tlp.RED), marking(byId, "threat-actor--0c0e1b52-7d0a-4c57-9f52-000000000004"),
                "TLP 2.0 fixed RED");
        assertEquals(HandlingMarking.of(Tlp.AMBER_STRICT),
                marking(byId, "campaign--0c0e1b52-7d0a-4c57-9f52-000000000005"), "embedded TLP 2.0 extension");
        assertEquals(HandlingMarking.of(Tlp.AMBER),
                marking(byId, "vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000006"), "STIX 2.1 fixed TLP:AMBER");
        assertEquals(HandlingMarking.of(Tlp.RED),
                marking(byId, "attack-pattern--0c0e1b52-7d0a-4c57-9f52-000000000007"), "STIX 2.1 fixed TLP:RED");
        assertEquals(HandlingMarking.of(Tlp.GREEN),
                marking(byId, "relationship--0c0e1b52-7d0a-4c57-9f52-000000000008"), "TLP 2.0 fixed GREEN");
        assertEquals(HandlingMarking.of(Tlp.AMBER_STRICT),
                marking(byId, "relationship--0c0e1b52-7d0a-4c57-9f52-000000000009"), "TLP 2.0 fixed AMBER+STRICT");
        assertEquals(HandlingMarking.of(Tlp.AMBER), marking(byId, "report--0c0e1b52-7d0a-4c57-9f52-00000000000a"),
                "TLP 2.0 fixed AMBER");

        ThreatIndicator indicator = byId.get("indicator--0c0e1b52-7d0a-4c57-9f52-000000000002");
        assertEquals(List.of("constructed", "c2", "created_by_ref:identity--0c0e1b52-7d0a-4c57-9f52-000000000001",
                "confidence:80", "indicator_types:malicious-activity",
                "kill_chain_phases:lockheed-martin-cyber-kill-chain:command-and-control"), indicator.labels());
        assertEquals(List.of("example-feed",
                "{\"source_name\":\"example-feed\",\"url\":\"https://feed.example/iocs/2\",\"external_id\":\"EX-2\"}"),
                indicator.externalReferences());
        assertEquals(Instant.parse("2099-07-02T10:00:00Z"), indicator.validUntil().orElseThrow());
        assertEquals(Instant.parse("2099-01-03T10:00:00.123456Z"), indicator.modified().orElseThrow());
    }

    @Test
    void writesTheRightTlpMarkingIds() throws Exception {
        List<DataRecord> records = Samples.decode(format, Samples.resourcePayload(Samples.CONSTRUCTED_TLP)).records();
        String encoded = Samples.encode(format, records);
        JsonObject bundle = JsonParser.parseString(encoded).getAsJsonObject();
        Map<String, JsonObject> objects = new TreeMap<>();
        bundle.getAsJsonArray("objects").forEach(o -> objects.put(o.getAsJsonObject().get("id").getAsString(),
                o.getAsJsonObject()));

        assertEquals(WHITE_21, markingRef(objects, "identity--0c0e1b52-7d0a-4c57-9f52-000000000001"));
        assertEquals(AMBER_21, markingRef(objects, "report--0c0e1b52-7d0a-4c57-9f52-00000000000a"));
        assertEquals(RED_21, markingRef(objects, "threat-actor--0c0e1b52-7d0a-4c57-9f52-000000000004"));
        assertEquals(AMBER_STRICT_20, markingRef(objects, "campaign--0c0e1b52-7d0a-4c57-9f52-000000000005"));
        JsonObject malware = objects.get("malware--0c0e1b52-7d0a-4c57-9f52-000000000003");
        assertEquals(2, malware.getAsJsonArray("object_marking_refs").size());
        String codeRef = malware.getAsJsonArray("object_marking_refs").get(1).getAsString();

        // the definitions used are in the bundle, first, sorted by id
        JsonObject strict = objects.get(AMBER_STRICT_20);
        assertEquals("amber+strict", strict.getAsJsonObject("extensions")
                .getAsJsonObject("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d").get("tlp_2_0")
                .getAsString());
        assertEquals("white", objects.get(WHITE_21).getAsJsonObject("definition").get("tlp").getAsString());
        assertEquals("H2", objects.get(codeRef).getAsJsonObject("definition").get("statement").getAsString());
        assertEquals("marking-definition", bundle.getAsJsonArray("objects").get(0).getAsJsonObject().get("type")
                .getAsString());

        Decoded again = Samples.decode(format, Samples.payload("encoded.json", encoded));
        assertEquals(records, again.records());
        assertEquals(List.of(), again.warnings());
    }

    @Test
    void handlingCodesOfAnyPartnerBecomeDeterministicStatementMarkings() throws Exception {
        ThreatIndicator record = ThreatIndicator.builder().id("indicator--0c0e1b52-7d0a-4c57-9f52-000000000002")
                .objectType("indicator").pattern("[domain-name:value = 'example.org']").patternType("stix")
                .validFrom(Instant.parse("2099-01-01T00:00:00Z")).created(Instant.parse("2099-01-01T00:00:00Z"))
                .modified(Instant.parse("2099-01-01T00:00:00Z"))
                .marking(HandlingMarking.builder().tlp(Tlp.AMBER_STRICT).handlingCodes("H1", "NO-MEDIA").build())
                .build();
        String encoded = Samples.encode(format, List.of(record));
        assertEquals(encoded, Samples.encode(format, List.of(record)));
        assertTrue(encoded.contains(Markings.idOfCode("H1")) && encoded.contains(Markings.idOfCode("NO-MEDIA")));
        assertEquals(List.of(record), Samples.decode(format, Samples.payload("x.json", encoded)).records());
    }

    @Test
    void warnsAboutMarkingsItCannotCarry() throws Exception {
        Decoded decoded = Samples.decode(format, Samples.bundle("constructed.json",
                """
                {"type": "vulnerability", "spec_version": "2.1", "id": "vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000011",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z", "name": "granular",
                 "description": "only this is red",
                 "object_marking_refs": ["%s"],
                 "granular_markings": [{"marking_ref": "%s", "selectors": ["description"]}]}
                """.formatted(AMBER_21, RED_21),
                """
                {"type": "vulnerability", "spec_version": "2.1", "id": "vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000012",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z", "name": "unknown",
                 "object_marking_refs": ["marking-definition--0c0e1b52-7d0a-4c57-9f52-0000000000ee"]}
                """,
                """
                {"type": "vulnerability", "spec_version": "2.1", "id": "vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000013",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z", "name": "copyright",
                 "x_example_score": 7,
                 "object_marking_refs": ["%s", "marking-definition--0c0e1b52-7d0a-4c57-9f52-0000000000c0"]}
                """.formatted(WHITE_21),
                """
                {"type": "marking-definition", "spec_version": "2.1", "created": "2099-01-01T00:00:00.000Z",
                 "id": "marking-definition--0c0e1b52-7d0a-4c57-9f52-0000000000c0", "definition_type": "statement",
                 "definition": {"statement": "Copyright 2099 Example Threat Intel Ltd"}}
                """));

        assertEquals(List.of(), decoded.errors());
        Map<String, ThreatIndicator> byId = byId(decoded);
        ThreatIndicator granular = byId.get("vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000011");
        assertEquals(HandlingMarking.of(Tlp.AMBER), granular.marking().orElseThrow(),
                "a granular TLP:RED does not raise the record's own marking");
        assertEquals(List.of(GranularMarking.of(HandlingMarking.of(Tlp.RED), "description")),
                granular.granularMarkings(), "it stays granular");
        assertTrue(byId.get("vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000012").marking().isEmpty());
        assertEquals(HandlingMarking.of(Tlp.CLEAR),
                marking(byId, "vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000013"));

        List<String> warned = decoded.warnings().stream()
                .map(w -> w.location().replaceAll(" \\(id .*", "") + " " + w.field().orElse("")).toList();
        assertEquals(List.of("$.objects[1] object_marking_refs", "$.objects[2] x_example_score",
                "$.objects[2] object_marking_refs"), warned);
        assertTrue(decoded.warnings().get(2).found().orElseThrow().contains("Copyright 2099"));
    }

    // ---- granular markings (constructed bundles: the real sample has none) -----------------------------------

    @Test
    void granularMarkingsStayGranularAndTheObjectMarkingIsTheObjectsOwn() throws Exception {
        Decoded decoded = Samples.decode(format, Samples.resourcePayload(Samples.CONSTRUCTED_GRANULAR));
        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(), decoded.warnings());
        Map<String, ThreatIndicator> byId = byId(decoded);

        ThreatIndicator indicator = byId.get("indicator--0c0e1b52-7d0a-4c57-9f52-000000000101");
        assertEquals(HandlingMarking.of(Tlp.GREEN), indicator.marking().orElseThrow(),
                "object_marking_refs alone, not raised by the granular TLP:RED");
        assertEquals(List.of(
                GranularMarking.of(HandlingMarking.of(Tlp.RED), "description"),
                GranularMarking.of(HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes("H1").build(),
                        "labels.[1]", "name"),
                GranularMarking.of(HandlingMarking.of(Tlp.AMBER_STRICT), "pattern")),
                indicator.granularMarkings(), "a handling code joins the TLP marking with the same selectors");

        ThreatIndicator report = byId.get("report--0c0e1b52-7d0a-4c57-9f52-000000000102");
        assertTrue(report.marking().isEmpty(), "only granular markings: the record has no marking of its own");
        assertEquals(List.of(GranularMarking.of(HandlingMarking.of(Tlp.AMBER), "external_references.[0].url")),
                report.granularMarkings(), "an embedded TLP 2.0 definition, a selector into a list");
    }

    @Test
    void writesGranularMarkingsWithTheirDefinitions() throws Exception {
        List<DataRecord> records = Samples.decode(format, Samples.resourcePayload(Samples.CONSTRUCTED_GRANULAR))
                .records();
        String encoded = Samples.encode(format, records);
        JsonObject bundle = JsonParser.parseString(encoded).getAsJsonObject();
        Map<String, JsonObject> objects = new TreeMap<>();
        bundle.getAsJsonArray("objects").forEach(o -> objects.put(o.getAsJsonObject().get("id").getAsString(),
                o.getAsJsonObject()));

        JsonObject indicator = objects.get("indicator--0c0e1b52-7d0a-4c57-9f52-000000000101");
        List<String> granular = new ArrayList<>();
        indicator.getAsJsonArray("granular_markings").forEach(g -> granular.add(
                g.getAsJsonObject().get("marking_ref").getAsString() + " " + g.getAsJsonObject().get("selectors")));
        assertEquals(List.of(RED_21 + " [\"description\"]", AMBER_21 + " [\"labels.[1]\",\"name\"]",
                Markings.idOfCode("H1") + " [\"labels.[1]\",\"name\"]", AMBER_STRICT_20 + " [\"pattern\"]"),
                granular);
        assertEquals(1, indicator.getAsJsonArray("object_marking_refs").size(), "TLP:GREEN only");
        JsonObject report = objects.get("report--0c0e1b52-7d0a-4c57-9f52-000000000102");
        assertFalse(report.has("object_marking_refs"));
        assertEquals(AMBER_21, report.getAsJsonArray("granular_markings").get(0).getAsJsonObject()
                .get("marking_ref").getAsString(), "TLP:AMBER is written with the id STIX 2.1 predefines");

        // every marking a granular marking refers to is defined in the bundle, and every selector names content
        for (JsonObject object : objects.values()) {
            if (!object.has("granular_markings")) {
                continue;
            }
            for (JsonElement element : object.getAsJsonArray("granular_markings")) {
                JsonObject marking = element.getAsJsonObject();
                assertEquals("marking-definition", objects.get(marking.get("marking_ref").getAsString())
                        .get("type").getAsString(), marking.toString());
                for (JsonElement selector : marking.getAsJsonArray("selectors")) {
                    assertTrue(Selectors.resolve(object, selector.getAsString()) != null, selector.toString());
                }
            }
        }

        Decoded again = Samples.decode(format, Samples.payload("encoded.json", encoded));
        assertEquals(records, again.records());
        assertEquals(List.of(), again.warnings());
    }

    @Test
    void granularMarkingsOfAnyPartnerSurviveARoundTrip() throws Exception {
        HandlingMarking amberCodes = HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes("NO-MEDIA", "H3").build();
        ThreatIndicator record = ThreatIndicator.builder().id("malware--0c0e1b52-7d0a-4c57-9f52-000000000111")
                .objectType("malware").name("Constructed loader").description("told in confidence")
                .labels("constructed", "loader", "is_family:true", "aliases:CL")
                .created(Instant.parse("2099-01-01T00:00:00Z")).modified(Instant.parse("2099-01-01T00:00:00Z"))
                .granularMarkings(GranularMarking.of(HandlingMarking.of(Tlp.RED), "description"),
                        GranularMarking.of(amberCodes, "description"),
                        GranularMarking.of(HandlingMarking.of(Tlp.CLEAR), "labels.[0]", "aliases.[0]", "is_family"))
                .build();

        String encoded = Samples.encode(format, List.of(record));
        Decoded decoded = Samples.decode(format, Samples.payload("x.json", encoded));
        assertEquals(List.of(), decoded.warnings());
        assertEquals(List.of(record), decoded.records(),
                "two markings of the same field stay two, the codes with the TLP label written before them");
        assertEquals(encoded, Samples.encode(format, decoded.records()));
    }

    @Test
    void warnsAboutGranularMarkingsItCannotCarry() throws Exception {
        String statement = "marking-definition--0c0e1b52-7d0a-4c57-9f52-0000000001c0";
        Decoded decoded = Samples.decode(format, Samples.bundle("constructed.json",
                """
                {"type": "threat-actor", "spec_version": "2.1", "id": "threat-actor--0c0e1b52-7d0a-4c57-9f52-000000000121",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z", "name": "Constructed",
                 "description": "kept", "labels": ["a", "", "c"], "x_example_source": "left out",
                 "object_marking_refs": ["%1$s"],
                 "granular_markings": [
                   {"lang": "es", "selectors": ["description"]},
                   {"marking_ref": "marking-definition--0c0e1b52-7d0a-4c57-9f52-0000000000ee", "selectors": ["name"]},
                   {"marking_ref": "%2$s", "selectors": ["name"]},
                   {"marking_ref": "%3$s", "selectors": ["name"]},
                   {"marking_ref": "%4$s", "selectors": []},
                   {"marking_ref": "%4$s", "selectors": ["description", "aliases", "x_example_source", "labels.[2]"]}
                 ]}
                """.formatted(AMBER_21, statement, Markings.idOfCode("H2"), RED_21),
                """
                {"type": "marking-definition", "spec_version": "2.1", "created": "2099-01-01T00:00:00.000Z",
                 "id": "%s", "definition_type": "statement",
                 "definition": {"statement": "Copyright 2099 Example Threat Intel Ltd"}}
                """.formatted(statement),
                """
                {"type": "marking-definition", "spec_version": "2.1", "created": "2099-01-01T00:00:00.000Z",
                 "id": "%s", "definition_type": "statement", "definition": {"statement": "H2"}}
                """.formatted(Markings.idOfCode("H2"))));

        assertEquals(List.of(), decoded.errors());
        ThreatIndicator actor = indicators(decoded).get(0);
        assertEquals(HandlingMarking.of(Tlp.AMBER), actor.marking().orElseThrow());
        assertEquals(List.of(GranularMarking.of(HandlingMarking.of(Tlp.RED), "description", "labels")),
                actor.granularMarkings(), "labels.[2] is widened to labels: the blank label before it is left out");

        List<String> warned = decoded.warnings().stream()
                .map(w -> w.field().orElse("") + " " + w.found().orElse("")).toList();
        assertEquals(List.of("x_example_source left out",
                "granular_markings {\"lang\":\"es\",\"selectors\":[\"description\"]}",
                "granular_markings marking-definition--0c0e1b52-7d0a-4c57-9f52-0000000000ee",
                "granular_markings " + statement + ": Copyright 2099 Example Threat Intel Ltd",
                "granular_markings {\"marking_ref\":\"" + RED_21 + "\",\"selectors\":[]}",
                "granular_markings {\"marking_ref\":\"" + Markings.idOfCode("H2") + "\",\"selectors\":[\"name\"]}",
                "granular_markings aliases", "granular_markings x_example_source", "granular_markings labels.[2]"),
                warned);
        assertTrue(decoded.warnings().stream().allMatch(w -> w.location().contains(actor.id())));

        // what is kept survives a round trip without warnings
        Decoded again = Samples.decode(format, Samples.payload("x.json", Samples.encode(format, decoded.records())));
        assertEquals(decoded.records(), again.records());
        assertEquals(List.of(), again.warnings());
    }

    @Test
    void aGranularMarkingOfContentStixDoesNotWriteLeavesTheRecordOut() throws Exception {
        ThreatIndicator good = ThreatIndicator.builder().id("campaign--0c0e1b52-7d0a-4c57-9f52-000000000131")
                .objectType("campaign").name("Constructed campaign")
                .created(Instant.parse("2099-01-01T00:00:00Z")).modified(Instant.parse("2099-01-01T00:00:00Z"))
                .build();
        ThreatIndicator bad = good.toBuilder().id("campaign--0c0e1b52-7d0a-4c57-9f52-000000000132")
                .granularMarkings(GranularMarking.of(HandlingMarking.builder().tlp(Tlp.RED).handlingCodes("H3")
                        .build(), "name", "description")).build();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(List.of(good, bad), out);

        assertEquals(1, errors.size());
        assertError(errors.get(0), "record 1 (id campaign--0c0e1b52-7d0a-4c57-9f52-000000000132)",
                "granularMarkings", "description");
        assertTrue(errors.get(0).expected().contains("selectors naming content of the campaign"),
                errors.get(0).expected());
        String encoded = out.toString(StandardCharsets.UTF_8);
        assertFalse(encoded.contains("marking-definition"), "the refused record adds no marking definition");
        assertEquals(List.of(good), Samples.decode(format, Samples.payload("x.json", encoded)).records());
    }

    // ---- per-record errors ----------------------------------------------------------------------------------

    @Test
    void reportsBadObjectsAndDecodesTheRest() throws Exception {
        String good = """
                {"type": "malware", "spec_version": "2.1", "id": "malware--0c0e1b52-7d0a-4c57-9f52-000000000021",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z",
                 "name": "Good", "is_family": true}
                """;
        Decoded decoded = Samples.decode(format, Samples.bundle("constructed.json",
                good,
                """
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--0c0e1b52-7d0a-4c57-9f52-000000000022",
                 "created": "yesterday", "modified": "2099-01-01T00:00:00.000Z",
                 "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
                 "valid_from": "2099-01-01T00:00:00Z"}
                """,
                """
                {"type": "campaign", "spec_version": "2.1", "name": "no id",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z"}
                """,
                """
                {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--0c0e1b52-7d0a-4c57-9f52-000000000024",
                 "value": "198.51.100.1"}
                """,
                """
                {"type": "relationship", "spec_version": "2.1", "id": "relationship--0c0e1b52-7d0a-4c57-9f52-000000000025",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z",
                 "relationship_type": "uses", "target_ref": "malware--0c0e1b52-7d0a-4c57-9f52-000000000021"}
                """,
                """
                {"type": "campaign", "spec_version": "2.1", "id": "campaign--0c0e1b52-7d0a-4c57-9f52-000000000026",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z", "name": "backwards",
                 "first_seen": "2099-01-01T00:00:00Z", "last_seen": "2098-01-01T00:00:00Z"}
                """,
                """
                {"type": "campaign", "spec_version": "2.0", "id": "campaign--0c0e1b52-7d0a-4c57-9f52-000000000027",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z", "name": "old"}
                """,
                "\"not an object\"",
                good.replace("000000000021", "000000000029")));

        assertEquals(List.of("malware--0c0e1b52-7d0a-4c57-9f52-000000000021",
                "malware--0c0e1b52-7d0a-4c57-9f52-000000000029"),
                decoded.records().stream().map(DataRecord::id).toList());
        List<RecordError> errors = decoded.errors();
        assertEquals(7, errors.size(), errors.toString());
        assertError(errors.get(0), "$.objects[1] (id indicator--0c0e1b52-7d0a-4c57-9f52-000000000022)", "created",
                "yesterday");
        assertError(errors.get(1), "$.objects[2]", "id", null);
        assertError(errors.get(2), "$.objects[3] (id ipv4-addr--0c0e1b52-7d0a-4c57-9f52-000000000024)", "type",
                "ipv4-addr");
        assertError(errors.get(3), "$.objects[4] (id relationship--0c0e1b52-7d0a-4c57-9f52-000000000025)",
                "source_ref", null);
        assertError(errors.get(4), "$.objects[5] (id campaign--0c0e1b52-7d0a-4c57-9f52-000000000026)", "last_seen",
                null);
        assertError(errors.get(5), "$.objects[6] (id campaign--0c0e1b52-7d0a-4c57-9f52-000000000027)",
                "spec_version", "2.0");
        assertError(errors.get(6), "$.objects[7]", null, "\"not an object\"");
        assertTrue(errors.get(0).expected().contains("timestamp"), errors.get(0).message());
        assertTrue(errors.get(2).expected().contains("indicator"), errors.get(2).message());
    }

    // ---- repeated member names --------------------------------------------------------------------------------

    private static final String MALWARE = """
            {"type": "malware", "spec_version": "2.1", "id": "malware--0c0e1b52-7d0a-4c57-9f52-000000000041",
             "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z",
             "name": "Good", "is_family": true, "object_marking_refs": ["%s"]}
            """;

    @Test
    void anObjectThatNamesAMemberTwiceIsAnErrorNotItsLastValue() throws Exception {
        String markedTwice = """
                {"type": "malware", "spec_version": "2.1", "id": "malware--0c0e1b52-7d0a-4c57-9f52-000000000042",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z",
                 "name": "Marked twice", "is_family": true,
                 "object_marking_refs": ["%s"], "object_marking_refs": ["%s"]}
                """.formatted(RED_21, WHITE_21);
        String nested = """
                {"type": "malware", "spec_version": "2.1", "id": "malware--0c0e1b52-7d0a-4c57-9f52-000000000043",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z",
                 "name": "Nested", "is_family": true,
                 "kill_chain_phases": [{"kill_chain_name": "k", "phase_name": "a", "phase_name": "b"}]}
                """;
        String idTwice = """
                {"type": "malware", "spec_version": "2.1", "id": "malware--0c0e1b52-7d0a-4c57-9f52-000000000044",
                 "id": "malware--0c0e1b52-7d0a-4c57-9f52-000000000045",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z",
                 "name": "Two ids", "is_family": true}
                """;

        Decoded decoded = Samples.decode(format, Samples.bundle("constructed.json", MALWARE.formatted(RED_21),
                markedTwice, nested, idTwice));

        assertEquals(List.of("malware--0c0e1b52-7d0a-4c57-9f52-000000000041"),
                decoded.records().stream().map(DataRecord::id).toList());
        assertEquals(HandlingMarking.of(Tlp.RED), decoded.records().get(0).marking().orElseThrow());
        List<RecordError> errors = decoded.errors();
        assertEquals(3, errors.size(), errors.toString());
        assertError(errors.get(0), "$.objects[1] (id malware--0c0e1b52-7d0a-4c57-9f52-000000000042)",
                "object_marking_refs", "two members named object_marking_refs");
        assertTrue(errors.get(0).expected().contains("one member named object_marking_refs"),
                errors.get(0).message());
        assertError(errors.get(1), "$.objects[2] (id malware--0c0e1b52-7d0a-4c57-9f52-000000000043)",
                "kill_chain_phases[0].phase_name", "two members named phase_name");
        assertError(errors.get(2), "$.objects[3]", "id", "two members named id");
    }

    @Test
    void aMarkingDefinitionThatNamesAMemberTwiceRefusesTheBundle() {
        String embedded = "marking-definition--0c0e1b52-7d0a-4c57-9f52-000000000046";
        String redThenClear = """
                {"type": "marking-definition", "spec_version": "2.1", "id": "%s",
                 "created": "2099-01-01T00:00:00.000Z", "definition_type": "tlp",
                 "definition": {"tlp": "red", "tlp": "white"}}
                """.formatted(embedded);
        FormatException error = assertThrows(FormatException.class, () -> Samples.decode(format,
                Samples.bundle("constructed.json", MALWARE.formatted(embedded), redThenClear)));
        assertTrue(error.getMessage().startsWith("constructed.json: member 'definition.tlp' of the marking"
                + " definition at $.objects[1] appears twice"), error.getMessage());
        assertTrue(error.getMessage().contains("expected each member of a marking definition once"),
                error.getMessage());

        String typeTwice = """
                {"type": "indicator", "type": "marking-definition", "spec_version": "2.1", "id": "%s",
                 "created": "2099-01-01T00:00:00.000Z", "definition_type": "tlp", "definition": {"tlp": "red"}}
                """.formatted(embedded);
        FormatException type = assertThrows(FormatException.class, () -> Samples.decode(format,
                Samples.bundle("constructed.json", MALWARE.formatted(embedded), typeTwice)));
        assertTrue(type.getMessage().contains("member 'type' of the marking definition"), type.getMessage());
    }

    @Test
    void aBundleThatNamesAMemberTwiceIsRefusedWhole() {
        String objects = "[" + MALWARE.formatted(RED_21) + "]";
        FormatException twice = assertThrows(FormatException.class, () -> Samples.decode(format,
                Samples.payload("b.json", "{\"type\": \"bundle\", \"objects\": " + objects + ", \"objects\": []}")));
        assertTrue(twice.getMessage().startsWith("b.json: member 'objects' of the bundle appears twice"),
                twice.getMessage());
        assertTrue(twice.getMessage().contains("expected each member of the bundle once"), twice.getMessage());

        FormatException nested = assertThrows(FormatException.class, () -> Samples.decode(format,
                Samples.payload("b.json", "{\"type\": \"bundle\", \"x_note\": {\"a\": 1, \"a\": 2}, \"objects\": "
                        + objects + "}")));
        assertTrue(nested.getMessage().contains("member 'x_note.a' of the bundle appears twice"),
                nested.getMessage());
    }

    @Test
    void anExternalReferenceThatNamesAMemberTwiceIsNotWritten() throws Exception {
        ThreatIndicator malware = ThreatIndicator.builder().id("malware--0c0e1b52-7d0a-4c57-9f52-000000000047")
                .objectType("malware").name("Ref").labels("is_family:true")
                .created(Instant.parse("2099-01-01T00:00:00Z")).modified(Instant.parse("2099-01-01T00:00:00Z"))
                .externalReferences("{\"source_name\":\"a\",\"url\":\"https://a\",\"url\":\"https://b\"}")
                .build();
        List<RecordError> errors = format.encode(List.of(malware), new ByteArrayOutputStream());
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(java.util.Optional.of("externalReferences"), errors.get(0).field());
    }

    @Test
    void aTextOverTheFieldLimitIsAPerRecordError() throws Exception {
        String longText = "x".repeat(StixBundleFormat.FIELD_LIMIT + 1);
        Decoded decoded = Samples.decode(format, Samples.bundle("constructed.json",
                """
                {"type": "vulnerability", "spec_version": "2.1", "id": "vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000031",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z", "name": "big",
                 "description": "%s"}
                """.formatted(longText),
                """
                {"type": "vulnerability", "spec_version": "2.1", "id": "vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000032",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z", "name": "small"}
                """));
        assertEquals(1, decoded.records().size());
        assertEquals(1, decoded.errors().size());
        assertError(decoded.errors().get(0), "$.objects[0] (id vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000031)",
                "description", (StixBundleFormat.FIELD_LIMIT + 1) + " characters");
    }

    @Test
    void keepsPlainLabelsThatLookQualified() throws Exception {
        Decoded decoded = Samples.decode(format, Samples.bundle("constructed.json",
                """
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--0c0e1b52-7d0a-4c57-9f52-000000000041",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z",
                 "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
                 "valid_from": "2099-01-01T00:00:00Z",
                 "labels": ["indicator_types:odd", "labels:odd", "misp:type=\\"ip-src\\""]}
                """));
        ThreatIndicator indicator = (ThreatIndicator) decoded.records().get(0);
        assertEquals(List.of("labels:indicator_types:odd", "labels:labels:odd", "misp:type=\"ip-src\""),
                indicator.labels());
        String encoded = Samples.encode(format, decoded.records());
        JsonObject object = JsonParser.parseString(encoded).getAsJsonObject().getAsJsonArray("objects").get(0)
                .getAsJsonObject();
        assertEquals("[\"indicator_types:odd\",\"labels:odd\",\"misp:type=\\\"ip-src\\\"\"]",
                object.get("labels").toString());
        assertFalse(object.has("indicator_types"));
        assertEquals(decoded.records(), Samples.decode(format, Samples.payload("x.json", encoded)).records());
    }

    // ---- unreadable payloads and limits ---------------------------------------------------------------------

    @Test
    void aTruncatedBundleIsOneClearErrorAndNoRecords() {
        byte[] real = Samples.bytes(Samples.REAL);
        Payload truncated = Payload.ofBytes(Samples.PARTNER, "poisonivy-truncated.json",
                Arrays.copyOf(real, real.length / 2));
        List<DataRecord> seen = new ArrayList<>();
        FormatException e = assertThrows(FormatException.class, () -> format.decode(truncated, sink(seen)));
        assertTrue(e.getMessage().startsWith("poisonivy-truncated.json: truncated: the JSON ends at line "),
                e.getMessage());
        assertTrue(e.getMessage().contains("$.objects["), e.getMessage());
        assertEquals(List.of(), seen, "the first pass finds the truncation before any record is handed over");
    }

    @Test
    void unreadablePayloadsAreOneClearError() {
        Map<String, String> cases = Map.of(
                "not-json.json", "{\"type\": \"bundle\", \"objects\": [ {\"type\": nope} ]}",
                "array.json", "[{\"type\": \"bundle\"}]",
                "canonical.json", "{\"format\": \"liaison-canonical-json\", \"version\": 1, \"records\": []}",
                "notice.json", "{\"type\": \"indicator\", \"id\": \"indicator--0c0e1b52-7d0a-4c57-9f52-000000000001\"}",
                "stix20.json", "{\"type\": \"bundle\", \"spec_version\": \"2.0\", \"objects\": []}",
                "objects-not-array.json", "{\"type\": \"bundle\", \"objects\": {}}",
                "trailing.json", "{\"type\": \"bundle\", \"objects\": []} {}",
                "empty.json", "");
        Map<String, String> expected = Map.of(
                "not-json.json", "not valid JSON at line 1",
                "array.json", "expected a STIX 2.1 bundle",
                "canonical.json", "not a STIX bundle",
                "notice.json", "expected a STIX bundle, \"type\": \"bundle\", found \"indicator\"",
                "stix20.json", "a STIX 2.0 bundle",
                "objects-not-array.json", "expected an array of STIX objects",
                "trailing.json", "unexpected content after the bundle",
                "empty.json", "truncated");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            FormatException e = assertThrows(FormatException.class,
                    () -> format.decode(Samples.payload(c.getKey(), c.getValue()), sink(new ArrayList<>())),
                    c.getKey());
            assertTrue(e.getMessage().startsWith(c.getKey() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(expected.get(c.getKey())), e.getMessage());
        }
        byte[] latin1 = "{\"type\": \"bundle\", \"objects\": [{\"name\": \"caf\u00e9\"}]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        FormatException e = assertThrows(FormatException.class, () -> format.decode(
                Payload.ofBytes(Samples.PARTNER, "latin1.json", latin1), sink(new ArrayList<>())));
        assertTrue(e.getMessage().startsWith("latin1.json: not UTF-8 text"), e.getMessage());
    }

    @Test
    void enforcesTheDocumentAndObjectLimits() {
        Payload real = Samples.resourcePayload(Samples.REAL);
        FormatException whole = assertThrows(FormatException.class,
                () -> new StixBundleFormat(10_000, 5_000, 100).decode(real, sink(new ArrayList<>())));
        assertTrue(whole.getMessage().startsWith(real.name() + ": "), whole.getMessage());
        assertTrue(whole.getMessage().contains("more than the limit of 10000 bytes"), whole.getMessage());

        // the real sample's objects are all under 16 KiB; a constructed 200 KB object is over a 64 KiB limit
        assertEquals(155, assertDoesNotThrow(() -> Samples.decode(new StixBundleFormat(1_000_000, 65_536, 65_536),
                real)).records().size());
        Payload big = Samples.bundle("big.json", """
                {"type": "vulnerability", "spec_version": "2.1", "id": "vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000061",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z", "name": "big",
                 "labels": [%s]}
                """.formatted(String.join(",", Collections.nCopies(20_000, "\"label\""))));
        FormatException object = assertThrows(FormatException.class,
                () -> new StixBundleFormat(1_000_000, 65_536, 65_536).decode(big, sink(new ArrayList<>())));
        assertTrue(object.getMessage().startsWith("big.json: at line "), object.getMessage());
        assertTrue(object.getMessage().contains("$.objects[0]"), object.getMessage());
        assertTrue(object.getMessage().endsWith("more than the limit of 65536 bytes for one STIX object"),
                object.getMessage());
    }

    @Test
    void streamsALargeBundleOneObjectAtATime(@TempDir Path folder) throws Exception {
        int count = 200_000;
        String object = """
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--0c0e1b52-7d0a-4c57-9f52-%012d",
                 "created": "2099-01-01T00:00:00.000Z", "modified": "2099-01-01T00:00:00.000Z",
                 "name": "generated %d", "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
                 "valid_from": "2099-01-01T00:00:00Z", "indicator_types": ["malicious-activity"]}""";
        Path file = folder.resolve("generated.json");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write("{\"type\": \"bundle\", \"id\": \"bundle--0c0e1b52-7d0a-4c57-9f52-00000000ffff\","
                    + " \"objects\": [\n");
            for (int i = 0; i < count; i++) {
                writer.write((i == 0 ? "" : ",\n") + object.formatted(i, i));
            }
            writer.write("]}\n");
        }
        Payload large = Payload.ofFile(Samples.PARTNER, file);
        AtomicInteger records = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        // the sink keeps nothing: what the decoder holds is one object, whatever the bundle's size
        format.decode(large, new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                records.incrementAndGet();
            }

            @Override
            public void error(RecordError error) {
                errors.incrementAndGet();
            }
        });
        assertEquals(count, records.get());
        assertEquals(0, errors.get());
        assertTrue(large.size() > 50_000_000L, large.size() + " bytes");
    }

    // ---- encode ----------------------------------------------------------------------------------------------

    @Test
    void leavesOutRecordsStixCannotCarryAndWritesTheOthers() throws Exception {
        Instant t = Instant.parse("2099-01-01T00:00:00Z");
        ThreatIndicator good = ThreatIndicator.builder().id("vulnerability--0c0e1b52-7d0a-4c57-9f52-000000000051")
                .objectType("vulnerability").name("CVE-2099-0002").created(t).modified(t).build();
        List<DataRecord> records = List.of(
                good,
                Organisation.builder().id("ORG-1").name("Example Ltd").build(),
                good.toBuilder().id("TI-1").build(),
                good.toBuilder().id("indicator--0c0e1b52-7d0a-4c57-9f52-000000000053").objectType("indicator")
                        .build(),
                good.toBuilder().relatedIds("malware--0c0e1b52-7d0a-4c57-9f52-000000000021").build(),
                good.toBuilder().created(null).build(),
                good.toBuilder().id("x-custom--0c0e1b52-7d0a-4c57-9f52-000000000056").objectType("x-custom").build(),
                good.toBuilder().pattern("[file:name = 'x']").build(),
                good.toBuilder().id("relationship--0c0e1b52-7d0a-4c57-9f52-000000000058").objectType("relationship")
                        .name(null).labels("relationship_type:uses")
                        .relatedIds("malware--0c0e1b52-7d0a-4c57-9f52-000000000021").build(),
                good.toBuilder().externalReferences("{not json").build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(records, out);

        assertEquals(List.of("type", "id", "pattern", "relatedIds", "created", "objectType", "pattern",
                "relatedIds", "externalReferences"), errors.stream().map(e -> e.field().orElse("")).toList());
        assertEquals("record 1 (id ORG-1)", errors.get(0).location());
        assertEquals(List.of(good), Samples.decode(format, Payload.ofBytes(Samples.PARTNER, "out.json",
                out.toByteArray())).records());
    }

    @Test
    void encodesAnEmptyListAsAnEmptyBundle() throws Exception {
        String encoded = Samples.encode(format, List.of());
        assertEquals(0, JsonParser.parseString(encoded).getAsJsonObject().getAsJsonArray("objects").size());
        assertEquals(List.of(), Samples.decode(format, Samples.payload("empty.json", encoded)).records());
    }

    // ---- accepts ---------------------------------------------------------------------------------------------

    @Test
    void acceptsStixBundlesOnly() {
        assertTrue(format.accepts(Samples.REAL, head(Samples.bytes(Samples.REAL))));
        assertTrue(format.accepts("x.json", head(Samples.bytes(Samples.CONSTRUCTED_TLP))));
        assertTrue(format.accepts("taxii.json",
                "{\"more\": false, \"objects\": [{\"spec_version\": \"2.1\"}]}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(format.accepts("bom.json", "\uFEFF {\"type\":\"bundle\"}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("c.json", ("{\"format\": \"liaison-canonical-json\", \"records\": [{\"type\":"
                + " \"bundle\"}]}").getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("n.json", "{\"_embedded\": {\"notices\": []}}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("a.json", "[{\"type\": \"bundle\"}]".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("x.xml", "<CONSOLIDATED_LIST/>".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("e.json", new byte[0]));
        assertFalse(format.accepts("null", null));
    }

    @Test
    void describesItself() {
        assertEquals(java.util.Set.of(RecordType.THREAT_INDICATOR), format.recordTypes());
        assertEquals("json", format.fileExtension());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static byte[] head(byte[] bytes) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, 4096));
    }

    private static List<ThreatIndicator> indicators(Decoded decoded) {
        return decoded.records().stream().map(ThreatIndicator.class::cast).toList();
    }

    private static Map<String, ThreatIndicator> byId(Decoded decoded) {
        return indicators(decoded).stream().collect(Collectors.toMap(ThreatIndicator::id, Function.identity()));
    }

    private static HandlingMarking marking(Map<String, ThreatIndicator> byId, String id) {
        return byId.get(id).marking().orElseThrow(() -> new AssertionError(id + " has no marking"));
    }

    private static String markingRef(Map<String, JsonObject> objects, String id) {
        return objects.get(id).getAsJsonArray("object_marking_refs").get(0).getAsString();
    }

    private static String bundleId(String encoded) {
        return JsonParser.parseString(encoded).getAsJsonObject().get("id").getAsString();
    }

    private static void assertError(RecordError error, String location, String field, String found) {
        assertEquals(location, error.location(), error.message());
        assertEquals(java.util.Optional.ofNullable(field), error.field(), error.message());
        if (found != null) {
            assertEquals(found, error.found().orElse(null), error.message());
        }
    }

    private static DecodeSink sink(List<DataRecord> records) {
        return new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                records.add(record);
            }

            @Override
            public void error(RecordError error) {
            }
        };
    }
}
