package org.liaison.core.internal.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.model.Tlp;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

class AgreementServiceTest {

    private static final String PARTNERS = """
            {"partners": [
              {"id": "interpol", "name": "INTERPOL", "kind": "international-organisation"},
              {"id": "unpol", "name": "UN Police", "kind": "un-body"}
            ],
             "purposes": [{"id": "peacekeeping-operations", "description": "Peacekeeping."},
                          {"id": "post-conflict-stabilisation", "description": "Post-conflict."}]}
            """;

    private static final String AGREEMENT = """
            {"agreements": [{
              "id": "un-interpol", "title": "UN–INTERPOL", "kind": "cooperation-agreement",
              "parties": ["unpol", "interpol"], "areas": ["information-exchange"],
              "purposes": ["%s"], "validity": {"from": "2009-10-13"}, "status": "in-force"
            }]}
            """;

    @TempDir
    Path directory;

    private final List<String> log = new ArrayList<>();

    /** A Logger that records what is logged at info and error, with its arguments. */
    private Logger recordingLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] { Logger.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("info") || method.getName().equals("error")) {
                        log.add(method.getName() + ": " + Arrays.toString(args));
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    private Decision peacekeeping(AgreementService service, String purpose) {
        return service.policy().decide(new Proposal("interpol", "unpol", "information-exchange", purpose, Tlp.AMBER,
                LocalDate.of(2026, 11, 29), null, List.of(new Proposal.Item("person", Set.of(), null))));
    }

    /** Writes a file and moves its modification time on, as an editor saving it a moment later would. */
    private void write(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Instant previous = Files.exists(file) ? Files.getLastModifiedTime(file).toInstant() : Instant.EPOCH;
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(previous.plusSeconds(1).isAfter(Instant.now())
                ? previous.plusSeconds(1) : Instant.now()));
    }

    @Test
    void anEditTakesEffectAndIsLoggedWithTheHashesOfTheOldAndNewContent() throws Exception {
        write("partners.json", PARTNERS);
        write("un-interpol.json", AGREEMENT.formatted("peacekeeping-operations"));
        AgreementService service = new AgreementService(List.of(directory), recordingLogger());
        assertTrue(peacekeeping(service, "peacekeeping-operations").allowed());
        assertFalse(service.reloadIfChanged(), "nothing changed, nothing reloaded");

        write("un-interpol.json", AGREEMENT.formatted("post-conflict-stabilisation"));
        assertTrue(service.reloadIfChanged());
        assertFalse(peacekeeping(service, "peacekeeping-operations").allowed());
        assertTrue(peacekeeping(service, "post-conflict-stabilisation").allowed());
        String last = log.get(log.size() - 1);
        assertTrue(last.matches("(?s).*un-interpol\\.json changed \\(sha256 [0-9a-f]{64} -> [0-9a-f]{64}\\).*"),
                last);
    }

    @Test
    void anEditTakesEffectAtOnceThroughTheFileSystemsNotificationsWithoutWaitingForThePoll() throws Exception {
        write("partners.json", PARTNERS);
        write("un-interpol.json", AGREEMENT.formatted("peacekeeping-operations"));
        Files.createDirectories(directory.resolve("routes"));
        AgreementService.Config config = (AgreementService.Config) Proxy.newProxyInstance(
                AgreementService.Config.class.getClassLoader(), new Class<?>[] { AgreementService.Config.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "directory" -> directory.toString();
                    case "routesDirectory" -> directory.resolve("routes").toString();
                    case "consentsDirectory" -> directory.resolve("consents").toString(); // missing: no consent
                    case "pollMillis" -> 3_600_000L; // an hour: only a notification can make the change seen
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> null);
        AgreementService service = new AgreementService(config, context, recordingLogger());
        try {
            service.awaitFirstLoad(); // the first load runs on the watcher's thread
            assertTrue(peacekeeping(service, "peacekeeping-operations").allowed());
            write("un-interpol.json", AGREEMENT.formatted("post-conflict-stabilisation"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (peacekeeping(service, "peacekeeping-operations").allowed() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(peacekeeping(service, "peacekeeping-operations").allowed(), "the edit took effect");
            assertTrue(peacekeeping(service, "post-conflict-stabilisation").allowed());
        } finally {
            service.stop();
        }
    }

    @Test
    void aBrokenEditIsRejectedWholeAndTheLastGoodConfigurationStaysInForce() throws Exception {
        write("partners.json", PARTNERS);
        write("un-interpol.json", AGREEMENT.formatted("peacekeeping-operations"));
        AgreementService service = new AgreementService(List.of(directory), recordingLogger());
        AgreementPolicy good = service.policy();

        // One good edit and one bad edit in the same reload: neither takes effect.
        write("un-interpol.json", AGREEMENT.formatted("post-conflict-stabilisation"));
        write("extra.json", "{\"agreements\": [{\"id\": \"broken\"");
        assertFalse(service.reloadIfChanged());
        assertTrue(service.policy() == good, "the last good set stays in force, whole");
        assertTrue(peacekeeping(service, "peacekeeping-operations").allowed());
        assertEquals(1, service.state().lastRejection().size(), service.state().lastRejection().toString());
        assertTrue(service.state().lastRejection().get(0).startsWith("extra.json"),
                service.state().lastRejection().toString());
        assertTrue(log.get(log.size() - 1).startsWith("error: "), log.toString());

        Files.delete(directory.resolve("extra.json"));
        assertTrue(service.reloadIfChanged(), "fixing the files puts the new set in force");
        assertTrue(peacekeeping(service, "post-conflict-stabilisation").allowed());
        assertTrue(service.state().lastRejection().isEmpty());
    }

    @Test
    void withoutAValidFirstConfigurationEverythingIsDenied() throws Exception {
        write("partners.json", "{\"partners\": [{\"id\": \"interpol\"}]}");
        AgreementService service = new AgreementService(List.of(directory), recordingLogger());
        Decision decision = peacekeeping(service, "peacekeeping-operations");
        assertFalse(decision.allowed());
        assertTrue(decision.reasons().contains("no agreement is loaded: check conf/agreements/ and"
                + " logs/liaison.log"), decision.reasons().toString());
        assertTrue(log.get(0).contains("every exchange is denied"), log.toString());
    }

    @Test
    void theSameRejectionIsLoggedOnce() throws Exception {
        write("partners.json", "not json");
        AgreementService service = new AgreementService(List.of(directory), recordingLogger());
        write("other.json", "{}");
        write("partners.json", "not json");
        service.reloadIfChanged();
        assertEquals(1, log.stream().filter(line -> line.startsWith("error: ")).count(), log.toString());
    }
}
