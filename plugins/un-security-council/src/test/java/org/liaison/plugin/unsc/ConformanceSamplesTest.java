package org.liaison.plugin.unsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.liaison.api.format.Decoded;
import org.liaison.plugin.canonical.CanonicalJsonFormat;

/**
 * The conformance samples shipped in the bundle: each decodes to exactly the records of its
 * {@code .expected.json}, written by the canonical JSON format. To write the expected files again after a deliberate
 * change of the mapping, run {@code mvn -pl plugins/un-security-council test -Dunsc.conformance.write=true
 * -Dtest=ConformanceSamplesTest} and review the diff.
 */
class ConformanceSamplesTest {

    static final String DIR = "META-INF/liaison/conformance/" + ConsolidatedListFormat.ID + "/";
    static final List<String> SAMPLES = List.of("consolidated-excerpt.xml");
    private static final Pattern LISTING = Pattern.compile("<(INDIVIDUAL|ENTITY)>.*?</\\1>", Pattern.DOTALL);

    private final ConsolidatedListFormat format = new ConsolidatedListFormat();
    private final CanonicalJsonFormat canonical = new CanonicalJsonFormat();

    @Test
    void eachSampleDecodesToExactlyItsExpectedRecords() throws Exception {
        for (String sample : SAMPLES) {
            Decoded decoded = Samples.decode(format, sample, Samples.resource(DIR + sample));
            assertEquals(List.of(), decoded.errors(), sample);
            assertFalse(decoded.records().isEmpty(), sample);
            Decoded expected = Samples.decode(canonical, sample + ".expected.json",
                    Samples.resource(DIR + sample + ".expected.json"));
            assertEquals(List.of(), expected.errors(), sample);
            assertEquals(expected.records(), decoded.records(), sample);
        }
    }

    @Test
    void eachListingOfASampleIsCutUnchangedFromTheRealSample() {
        String real = Samples.realText();
        for (String sample : SAMPLES) {
            Matcher listing = LISTING.matcher(new String(Samples.resource(DIR + sample), StandardCharsets.UTF_8));
            int count = 0;
            while (listing.find()) {
                assertTrue(real.contains(listing.group()), sample + ": " + listing.group());
                count++;
            }
            assertTrue(count >= 5, sample + " holds individuals and entities: " + count);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "unsc.conformance.write", matches = "true")
    void writeExpectedRecords() throws Exception {
        for (String sample : SAMPLES) {
            Decoded decoded = Samples.decode(format, sample, Samples.resource(DIR + sample));
            assertEquals(List.of(), decoded.errors(), sample);
            Path target = Path.of("src/main/resources", DIR, sample + ".expected.json");
            try (OutputStream out = Files.newOutputStream(target)) {
                assertEquals(List.of(), canonical.encode(decoded.records(), out));
            }
        }
    }
}
