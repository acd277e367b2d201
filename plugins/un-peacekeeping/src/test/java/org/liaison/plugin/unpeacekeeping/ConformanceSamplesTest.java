package org.liaison.plugin.unpeacekeeping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.liaison.api.format.Decoded;
import org.liaison.api.transport.Payload;
import org.liaison.plugin.canonical.CanonicalJsonFormat;

/**
 * The conformance samples shipped in the bundle decode to exactly the records of their {@code .expected.json}.
 *
 * <p>To regenerate the expected files after a deliberate change of the mapping, run
 * {@code mvn verify -pl plugins/un-peacekeeping -Dliaison.conformance.write=true} and review the diff.
 */
class ConformanceSamplesTest {

    private static final String FOLDER = "META-INF/liaison/conformance/" + AcledCsvFormat.ID;
    private static final Path SOURCE = Path.of("src/main/resources", FOLDER);
    private static final String EXPECTED = ".expected.json";

    private final AcledCsvFormat format = new AcledCsvFormat();
    private final CanonicalJsonFormat canonical = new CanonicalJsonFormat();

    private static List<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(SOURCE)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> !name.endsWith(EXPECTED))
                    .sorted().toList();
        }
    }

    /** The bytes as the bundle ships them: from the class path, not from the source folder. */
    private static byte[] shipped(String name) throws IOException {
        try (InputStream in = ConformanceSamplesTest.class.getResourceAsStream("/" + FOLDER + "/" + name)) {
            assertNotNull(in, "not on the class path: " + FOLDER + "/" + name);
            return in.readAllBytes();
        }
    }

    @Test
    void eachSampleDecodesToExactlyItsExpectedRecords() throws Exception {
        List<String> samples = samples();
        assertEquals(List.of("acled-older-constructed.csv", "acled-somalia-2025.csv"), samples);
        boolean write = Boolean.getBoolean("liaison.conformance.write");
        for (String sample : samples) {
            byte[] bytes = shipped(sample);
            assertTrue(format.accepts(sample, bytes), sample);
            Decoded decoded = Decoded.decode(format, Payload.ofBytes(AcledCsvFormat.PARTNER_ID, sample, bytes));
            assertEquals(List.of(), decoded.errors(), sample);
            assertFalse(decoded.records().isEmpty(), sample);

            ByteArrayOutputStream json = new ByteArrayOutputStream();
            assertEquals(List.of(), canonical.encode(decoded.records(), json));
            if (write) {
                Files.write(SOURCE.resolve(sample + EXPECTED), json.toByteArray());
                continue;
            }
            byte[] expected = shipped(sample + EXPECTED);
            Decoded expectedRecords = Decoded.decode(canonical, Payload.ofBytes(AcledCsvFormat.PARTNER_ID,
                    sample + EXPECTED, expected));
            assertEquals(List.of(), expectedRecords.errors(), sample + EXPECTED);
            assertEquals(expectedRecords.records(), decoded.records(), sample);
            assertEquals(new String(expected, StandardCharsets.UTF_8), json.toString(StandardCharsets.UTF_8),
                    sample + EXPECTED + " is what the canonical JSON format writes for these records");
        }
    }

    @Test
    void theRealSampleCutKeepsAcledsBytes() throws Exception {
        String cut = new String(shipped("acled-somalia-2025.csv"), StandardCharsets.UTF_8);
        String real = AcledCsvFormatTest.text(AcledCsvFormatTest.SAMPLE);
        assertEquals(7, cut.split("\n").length);
        for (String line : cut.split("\n")) {
            assertTrue(real.contains(line + "\n"), "not a line of the real sample: " + line);
        }
        assertTrue(cut.endsWith("\n"));
    }

    @Test
    void theConstructedSampleIsTheConstructedTestFileWithoutItsBadRow() throws Exception {
        String sample = new String(shipped("acled-older-constructed.csv"), StandardCharsets.UTF_8);
        String constructed = AcledCsvFormatTest.text(AcledCsvFormatTest.OLDER);
        assertEquals(constructed.replaceAll("(?m)^7004,.*\n", ""), sample);
    }
}
