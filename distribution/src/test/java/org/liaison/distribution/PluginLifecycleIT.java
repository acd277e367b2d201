package org.liaison.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.transport.Payload;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Boots the distribution's infrastructure bundles (bundle/) without any plugin, then installs a plugin bundle while
 * the framework runs, uses it through the registry, and uninstalls it: the registry follows without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PluginLifecycleIT {

    @Inject
    private BundleContext context;

    @Inject
    private PluginRegistry registry;

    @Configuration
    public Option[] configuration() {
        return options(FrameworkOptions.framework("plugin-lifecycle"), FrameworkOptions.bundlesOf("bundle"));
    }

    @Test
    public void aPluginInstalledAtRuntimeAppearsInTheRegistryAndDisappearsWhenUninstalled() throws Exception {
        assertEquals("no plugin before the install", List.of(), registry.partners());

        Bundle plugin = context.installBundle(DistributionLayout.canonicalJsonPlugin().toUri().toString());
        plugin.start();

        PartnerPlugins any = Await.until("the plugin's format in the registry", Duration.ofSeconds(10),
                () -> registry.partner(PartnerFormat.ANY_PARTNER), Optional::isPresent).orElseThrow();
        assertEquals("canonical-json", any.formats().get(0).id());
        assertEquals(plugin.getSymbolicName(), any.formats().get(0).bundleSymbolicName());
        assertEquals(plugin.getVersion().toString(), any.formats().get(0).bundleVersion());

        // The format found through the registry really works: a record survives a round trip.
        PartnerFormat format = registry.format("interpol", "canonical-json").orElseThrow();
        Person person = Person.builder().id("2021/81307")
                .name(PersonName.builder().fullName("DOE John").familyName("DOE").givenNames("John").build())
                .datesOfBirth(List.of(PartialDate.parse("1979")))
                .build();
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        assertEquals(List.of(), format.encode(List.of(person), encoded));
        Decoded decoded = Decoded.decode(format, Payload.ofBytes("interpol", "person.json", encoded.toByteArray()));
        assertEquals(new String(encoded.toByteArray(), StandardCharsets.UTF_8), List.of(person), decoded.records());

        plugin.uninstall();
        Await.until("the registry to forget the uninstalled plugin", Duration.ofSeconds(10), registry::partners,
                List::isEmpty);
        assertTrue(registry.format("interpol", "canonical-json").isEmpty());
    }
}
