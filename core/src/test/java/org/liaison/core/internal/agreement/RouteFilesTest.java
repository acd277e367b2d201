package org.liaison.core.internal.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.model.CooperationArea;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.RecordType;

/** Routes and delivery formats: read from {@code conf/routes/} with the agreements, as one configuration. */
class RouteFilesTest {

    @TempDir
    Path conf;

    private Path agreements() throws Exception {
        Path directory = Files.createDirectories(conf.resolve("agreements"));
        Files.writeString(directory.resolve("partners.json"), """
                {"partners": [
                  {"id": "interpol", "name": "INTERPOL", "kind": "international-organisation"},
                  {"id": "unpol", "name": "UN Police", "kind": "un-body"}
                ],
                 "purposes": [{"id": "peacekeeping-operations", "description": "Peacekeeping."}]}
                """);
        return directory;
    }

    private Path routes(String json) throws Exception {
        Path directory = Files.createDirectories(conf.resolve("routes"));
        Files.writeString(directory.resolve("demo.json"), json);
        return directory;
    }

    @Test
    void routesAndDeliveryFormatsLoadWithTheAgreements() throws Exception {
        AgreementFiles.Result result = AgreementFiles.load(List.of(agreements(), routes("""
                {"routes": [{"id": "r1", "from": "interpol", "recordTypes": ["notice"], "to": ["unpol"],
                             "area": "information-exchange", "purpose": "peacekeeping-operations"}],
                 "formats": [{"partner": "unpol", "recordType": "notice", "format": "notices-json"},
                             {"partner": "unpol", "format": "canonical-json"}]}
                """)));
        AgreementSet set = result.set().orElseThrow(() -> new AssertionError(result.errors()));
        Route route = set.routes().get("r1");
        assertEquals(new Route("r1", "interpol", java.util.Set.of(RecordType.NOTICE), List.of("unpol"),
                CooperationArea.EXCHANGE_OF_INFORMATION, "peacekeeping-operations", Tlp.AMBER), route);
        assertTrue(route.carries(RecordType.NOTICE) && !route.carries(RecordType.PERSON));
        assertEquals(Optional.of("notices-json"), set.deliveryFormat("unpol", "notice"));
        assertEquals(Optional.of("canonical-json"), set.deliveryFormat("unpol", "person"));
        assertEquals(Optional.empty(), set.deliveryFormat("interpol", "person"));
        assertEquals(List.of("agreements/partners.json", "routes/demo.json"),
                set.files().stream().map(AgreementSet.SourceFile::name).toList());
    }

    @Test
    void aRouteToAnUnknownPartnerIsRejectedWithItsFileAndPath() throws Exception {
        AgreementFiles.Result result = AgreementFiles.load(List.of(agreements(), routes("""
                {"routes": [{"id": "r1", "from": "interpol", "to": ["unpool"],
                             "area": "information-exchange", "purpose": "peacekeeping-operations"}]}
                """)));
        assertTrue(result.set().isEmpty());
        assertEquals(1, result.errors().size(), result.errors().toString());
        String message = result.errors().get(0).message();
        assertTrue(message.startsWith("routes/demo.json: $.routes[0].to[0]: expected a known partner id"), message);
        assertTrue(message.endsWith("found \"unpool\""), message);
    }

    @Test
    void aRouteBackToItsSenderOrWithoutRecipientsIsRejected() throws Exception {
        AgreementFiles.Result result = AgreementFiles.load(List.of(agreements(), routes("""
                {"routes": [{"id": "r1", "from": "interpol", "to": ["interpol"],
                             "area": "information-exchange", "purpose": "peacekeeping-operations"},
                            {"id": "r2", "from": "interpol", "to": [],
                             "area": "information-exchange", "purpose": "peacekeeping-operations"}]}
                """)));
        assertEquals(2, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).message().contains("recipients other than the sender"));
        assertTrue(result.errors().get(1).message().contains("at least one recipient"));
    }

    @Test
    void theDemoRoutesLoadWithTheDemoAgreements() {
        Path demo = Path.of(System.getProperty("liaison.demo.agreements",
                "../distribution/src/main/dist/conf/agreements"));
        AgreementFiles.Result result = AgreementFiles.load(List.of(demo, demo.resolveSibling("routes")));
        AgreementSet set = result.set().orElseThrow(() -> new AssertionError(result.errors()));
        assertTrue(set.routes().keySet().containsAll(List.of("interpol-to-mission-police",
                "sanctions-list-to-interpol", "crimjust-seizures")), set.routes().keySet().toString());
    }
}
