package org.liaison.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.Payload;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Installs each partner plugin of the distribution into a running Felix, finds its format through the registry,
 * and decodes the conformance samples the bundle ships into exactly the records they must give; then uninstalls
 * it and sees the format gone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PartnerFormatsIT {

    @Inject
    private BundleContext context;

    @Inject
    private PluginRegistry registry;

    @Configuration
    public Option[] configuration() {
        return options(FrameworkOptions.framework("partner-formats"), FrameworkOptions.bundlesOf("bundle"),
                bundle(DistributionLayout.canonicalJsonPlugin().toUri().toString()));
    }

    @Test
    public void interpolNoticesDecodeThroughTheRegistry() throws Exception {
        decodesItsSamples("liaison-plugin-interpol.jar", "interpol", "notices-json");
    }

    @Test
    public void unodcSeizuresDecodeThroughTheRegistry() throws Exception {
        decodesItsSamples("liaison-plugin-unodc.jar", "unodc", "seizures-csv");
    }

    @Test
    public void securityCouncilListDecodesThroughTheRegistry() throws Exception {
        decodesItsSamples("liaison-plugin-un-security-council.jar", "unsc", "consolidated-list-xml");
    }

    @Test
    public void acledIncidentsDecodeThroughTheRegistry() throws Exception {
        decodesItsSamples("liaison-plugin-un-peacekeeping.jar", "unpol", "acled-csv");
    }

    @Test
    public void beneficialOwnershipDecodesThroughTheRegistry() throws Exception {
        decodesItsSamples("liaison-plugin-transparency-international.jar", "transparency-international",
                "bods-json");
    }

    @Test
    public void stixBundlesDecodeThroughTheRegistry() throws Exception {
        decodesItsSamples("liaison-plugin-private-sector-stix.jar", "threat-intel-company", "stix21-json");
    }

    private void decodesItsSamples(String jar, String partner, String formatId) throws Exception {
        Bundle plugin = context.installBundle(DistributionLayout.home().resolve("deploy/" + jar).toUri().toString());
        try {
            plugin.start();
            PartnerFormat format = Await.until(partner + "/" + formatId + " in the registry", Duration.ofSeconds(10),
                    () -> registry.partner(partner).isPresent() ? registry.format(partner, formatId)
                            : Optional.<PartnerFormat>empty(), Optional::isPresent).orElseThrow();
            PartnerFormat canonical = registry.format(PartnerFormat.ANY_PARTNER, "canonical-json").orElseThrow();
            List<URL> samples = Collections.list(plugin.findEntries("META-INF/liaison/conformance/" + formatId, "*",
                    false)).stream().filter(url -> !url.getPath().endsWith(".expected.json")).toList();
            assertFalse("the bundle ships conformance samples for " + formatId, samples.isEmpty());
            for (URL sample : samples) {
                String name = sample.getPath().substring(sample.getPath().lastIndexOf('/') + 1);
                byte[] bytes = read(sample);
                assertTrue(name + " is accepted by its format", format.accepts(name, bytes));
                Decoded decoded = Decoded.decode(format, Payload.ofBytes(partner, name, bytes));
                Decoded expected = Decoded.decode(canonical, Payload.ofBytes(partner, name + ".expected.json",
                        read(plugin.getEntry(sample.getPath() + ".expected.json"))));
                assertEquals(name + ": " + decoded.errors(), List.of(), decoded.errors());
                assertFalse(name + " gives records", decoded.records().isEmpty());
                assertEquals(name, expected.records(), decoded.records());
            }
        } finally {
            plugin.uninstall();
        }
        Await.until(partner + "/" + formatId + " gone from the registry", Duration.ofSeconds(10),
                () -> registry.format(partner, formatId), Optional::isEmpty);
    }

    private static byte[] read(URL url) throws Exception {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }
}
