package org.liaison.plugin.unsc;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.transport.Payload;

/**
 * Measures how many listings per second {@link ConsolidatedListFormat} decodes from the real sample, against a
 * baseline measured in the same run: the JDK's StAX parser alone, reading every event of the same bytes and mapping
 * nothing. Not a unit test; run it with {@code main} (see docs/benchmarks.md).
 *
 * <p>With {@code --large N} it then decodes a file of N copies of the sample's listings from disk, to show that
 * memory stays bounded: run it with a small heap ({@code -Xmx32m}).
 */
public final class DecodeThroughput {

    private static final int WARM_UP_ROUNDS = 30;
    private static final int REPETITIONS = 9;
    private static final int DECODES_PER_REPETITION = 20;

    private DecodeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        byte[] sample = Samples.real();
        ConsolidatedListFormat format = new ConsolidatedListFormat();
        Payload payload = Payload.ofBytes("unsc", Samples.REAL, sample);
        long records = decode(format, payload);
        System.out.printf(Locale.ROOT, "sample: %s, %d bytes, %d listings decoded%n", Samples.REAL, sample.length,
                records);
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            decode(format, payload);
            staxOnly(sample);
        }
        double[] mapped = new double[REPETITIONS];
        double[] baseline = new double[REPETITIONS];
        for (int r = 0; r < REPETITIONS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < DECODES_PER_REPETITION; i++) {
                decode(format, payload);
            }
            mapped[r] = records * DECODES_PER_REPETITION / seconds(start);
            start = System.nanoTime();
            for (int i = 0; i < DECODES_PER_REPETITION; i++) {
                staxOnly(sample);
            }
            baseline[r] = records * DECODES_PER_REPETITION / seconds(start);
        }
        report("decode (StAX + mapping to SanctionListing)", mapped, records);
        report("baseline: StAX alone, every event, no mapping", baseline, records);
        if (args.length == 2 && args[0].equals("--large")) {
            large(format, Integer.parseInt(args[1]));
        }
    }

    private static long decode(ConsolidatedListFormat format, Payload payload) throws Exception {
        long[] count = new long[1];
        format.decode(payload, new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                count[0]++;
            }

            @Override
            public void error(RecordError error) {
            }
        });
        return count[0];
    }

    /** The baseline: the same parser, configured the same way, reading every event and touching its text. */
    private static long staxOnly(byte[] sample) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader xml = factory.createXMLStreamReader(new java.io.InputStreamReader(
                new ByteArrayInputStream(sample), StandardCharsets.UTF_8));
        long sum = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamReader.CHARACTERS) {
                sum += xml.getTextLength();
            } else if (event == XMLStreamReader.START_ELEMENT) {
                sum += xml.getLocalName().length();
            }
        }
        xml.close();
        return sum;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String what, double[] perSecond, long records) {
        double[] sorted = perSecond.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        System.out.printf(Locale.ROOT, "%s: median %.0f listings/s (%.2f ms per sample), min %.0f, max %.0f, "
                + "%d repetitions of %d decodes%n", what, median, records / median * 1000, sorted[0],
                sorted[sorted.length - 1], sorted.length, DECODES_PER_REPETITION);
    }

    /** Decodes N copies of the sample's individuals, streamed from a file, and reports the heap it needed. */
    private static void large(ConsolidatedListFormat format, int copies) throws Exception {
        List<String> individuals = Samples.individuals();
        Path file = Files.createTempFile("unsc-large", ".xml");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><CONSOLIDATED_LIST>\n<INDIVIDUALS>\n"
                        .getBytes(StandardCharsets.UTF_8));
                byte[] body = (String.join("\n", individuals) + "\n").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < copies; i++) {
                    out.write(body);
                }
                out.write("</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n".getBytes(StandardCharsets.UTF_8));
            }
            Runtime runtime = Runtime.getRuntime();
            long[] peak = new long[1];
            long[] count = new long[1];
            long start = System.nanoTime();
            format.decode(Payload.ofFile("unsc", file), new DecodeSink() {
                @Override
                public void record(DataRecord record) {
                    if (++count[0] % 1000 == 0) {
                        peak[0] = Math.max(peak[0], runtime.totalMemory() - runtime.freeMemory());
                    }
                }

                @Override
                public void error(RecordError error) {
                }
            });
            System.out.printf(Locale.ROOT, "large: %d bytes, %d listings in %.1f s with -Xmx %d MiB; heap in use"
                    + " at most %d MiB (sampled every 1000 listings)%n", Files.size(file), count[0],
                    seconds(start), runtime.maxMemory() / (1024 * 1024), peak[0] / (1024 * 1024));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
