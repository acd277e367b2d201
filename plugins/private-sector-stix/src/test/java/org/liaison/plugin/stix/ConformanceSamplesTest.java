package org.liaison.plugin.stix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.record.DataRecord;
import org.liaison.api.transport.Payload;
import org.liaison.plugin.canonical.CanonicalJsonFormat;

/**
 * The conformance samples shipped in the bundle decode exactly to their expected records.
 *
 * <p>To write the expected files again after a deliberate change of the mapping, run
 * {@code mvn -o verify -pl plugins/private-sector-stix -Dliaison.conformance.write=true} and review the diff.
 */
class ConformanceSamplesTest {

    static final String FOLDER = "META-INF/liaison/conformance/" + StixBundleFormat.ID + "/";
    static final List<String> SAMPLES = List.of("poisonivy_excerpt.json",
            "constructed_tlp_bundle.json", "constructed_granular_bundle.json");

    private final StixBundleFormat format = new StixBundleFormat();
    private final CanonicalJsonFormat canonical = new CanonicalJsonFormat();

    @Test
    void everySampleIsListed() throws IOException, URISyntaxException {
        URL folder = getClass().getClassLoader().getResource(FOLDER);
        try (Stream<Path> files = Files.list(Paths.get(folder.toURI()))) {
            List<String> samples = files.map(f -> f.getFileName().toString())
                    .filter(name -> !name.endsWith(".expected.json")).sorted().toList();
            assertEquals(SAMPLES.stream().sorted().toList(), samples);
        }
    }

    @Test
    void eachSampleDecodesToItsExpectedRecords() throws Exception {
        if (Boolean.getBoolean("liaison.conformance.write")) {
            writeExpected();
        }
        for (String sample : SAMPLES) {
            Decoded decoded = Decoded.decode(format, Samples.resourcePayload(FOLDER + sample));
            Decoded expected = Decoded.decode(canonical, Samples.resourcePayload(FOLDER + sample + ".expected.json"));

            assertEquals(List.of(), decoded.errors(), sample);
            assertEquals(List.of(), decoded.warnings(), sample);
            assertEquals(List.of(), expected.errors(), sample);
            assertTrue(!expected.records().isEmpty(), sample);
            assertEquals(expected.records(), decoded.records(), sample);
        }
    }

    @Test
    void eachSampleSurvivesARoundTrip() throws Exception {
        for (String sample : SAMPLES) {
            List<DataRecord> records = Decoded.decode(format, Samples.resourcePayload(FOLDER + sample)).records();
            String encoded = Samples.encode(format, records);
            assertEquals(records, Decoded.decode(format, Samples.payload(sample, encoded)).records(), sample);
        }
    }

    /** Writes each sample's expected records, as canonical JSON, into the module's sources. */
    private void writeExpected() throws IOException, FormatException {
        Path folder = Paths.get("src/main/resources").resolve(FOLDER);
        for (String sample : SAMPLES) {
            Payload payload = Payload.ofFile(Samples.PARTNER, folder.resolve(sample));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            canonical.encode(Decoded.decode(format, payload).records(), out);
            out.write('\n');
            Files.write(folder.resolve(sample + ".expected.json"), out.toByteArray());
        }
    }
}
