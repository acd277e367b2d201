package org.liaison.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginRegistry;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Boots every bundle the distribution ships (bundle/ and deploy/) in a real Felix framework and checks that all of
 * them are active and that the core's registry tracks plugin services as their configurations come and go.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionBundlesIT {

    @Inject
    private BundleContext context;

    @Inject
    private PluginRegistry registry;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configuration() {
        return options(FrameworkOptions.framework("distribution-bundles"),
                FrameworkOptions.bundlesOf("bundle", "deploy"));
    }

    @Test
    public void everyBundleOfTheDistributionIsActive() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Bundle bundle : context.getBundles()) {
            if (!bundle.getLocation().contains("/liaison/bundle/")
                    && !bundle.getLocation().contains("/liaison/deploy/")) {
                continue;
            }
            checked++;
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                problems.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " is in state "
                        + bundle.getState() + " (" + bundle.getLocation() + ")");
            }
        }
        assertEquals(DistributionLayout.jars("bundle").size() + DistributionLayout.jars("deploy").size(), checked);
        assertTrue("bundles not active: " + problems, problems.isEmpty());
    }

    @Test
    public void registryListsTheCanonicalJsonFormatForAnyPartner() {
        PartnerPlugins any = Await.until("the canonical-json format in the registry", Duration.ofSeconds(10),
                () -> registry.partner("*"), Optional::isPresent).orElseThrow();
        PluginDescription format = any.formats().get(0);
        assertEquals("canonical-json", format.id());
        assertEquals("org.liaison.plugin.canonical-json", format.bundleSymbolicName());
        assertTrue("a partner without formats of its own falls back to the shared one",
                registry.format("interpol", "canonical-json").isPresent());
    }

    @Test
    public void aFolderTransportConfigurationAddsASourceAndAChannelAndItsDeletionRemovesThem() throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getFactoryConfiguration("org.liaison.transport.folder",
                "example-partner", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("liaison.partner", "example-partner");
        configuration.update(properties);

        PartnerPlugins partner = Await.until("the folder source and channel of example-partner",
                Duration.ofSeconds(10), () -> registry.partner("example-partner"),
                plugins -> plugins.isPresent() && plugins.get().sources().size() == 1
                        && plugins.get().channels().size() == 1).orElseThrow();
        assertEquals("folder", partner.sources().get(0).id());
        assertEquals("org.liaison.plugin.folder-transport", partner.channels().get(0).bundleSymbolicName());
        assertTrue(registry.channel("example-partner").isPresent());

        configuration.delete();
        Await.until("example-partner gone from the registry", Duration.ofSeconds(10),
                () -> registry.partner("example-partner"), Optional::isEmpty);
        assertTrue("no stale channel", registry.channel("example-partner").isEmpty());
    }
}
