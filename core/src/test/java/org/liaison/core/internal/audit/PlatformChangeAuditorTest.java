package org.liaison.core.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;

class PlatformChangeAuditorTest {

    @TempDir
    Path directory;

    private final AuditTestSupport support = new AuditTestSupport();
    private final List<BundleListener> listeners = new ArrayList<>();
    private final Map<String, Dictionary<String, Object>> configurations = new TreeMap<>();
    private AuditTrail trail;
    private PlatformChangeAuditor auditor;

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
    }

    private static Bundle bundle(long id, String name, String version, String location) {
        return proxy(Bundle.class, (p, method, args) -> switch (method.getName()) {
            case "getBundleId" -> id;
            case "getSymbolicName" -> name;
            case "getVersion" -> Version.parseVersion(version);
            case "getLocation" -> location;
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    private Configuration configuration(String pid, Dictionary<String, Object> properties) {
        return proxy(Configuration.class, (p, method, args) -> switch (method.getName()) {
            case "getPid" -> pid;
            case "getFactoryPid" -> properties.get(ConfigurationAdmin.SERVICE_FACTORYPID);
            case "getProperties" -> properties;
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    @BeforeEach
    void start() throws Exception {
        Hashtable<String, Object> folder = new Hashtable<>();
        folder.put("service.pid", "org.liaison.transport.folder~interpol");
        folder.put(ConfigurationAdmin.SERVICE_FACTORYPID, "org.liaison.transport.folder");
        folder.put("felix.fileinstall.filename", "file:/opt/liaison/conf/services/org.liaison.transport.folder-"
                + "interpol.cfg");
        folder.put("liaison.partner", "interpol");
        folder.put("password", "s3cret");
        configurations.put("org.liaison.transport.folder~interpol", folder);

        BundleContext context = proxy(BundleContext.class, (p, method, args) -> switch (method.getName()) {
            case "addBundleListener" -> listeners.add((BundleListener) args[0]);
            case "removeBundleListener" -> listeners.remove(args[0]);
            case "getBundles" -> new Bundle[] { bundle(0, "org.apache.felix.framework", "7.0.5", "System Bundle") };
            default -> throw new UnsupportedOperationException(method.getName());
        });
        ConfigurationAdmin admin = proxy(ConfigurationAdmin.class, (p, method, args) -> {
            if (!method.getName().equals("listConfigurations")) {
                throw new UnsupportedOperationException(method.getName());
            }
            String filter = (String) args[0];
            List<Configuration> found = new ArrayList<>();
            configurations.forEach((pid, properties) -> {
                if (filter == null || filter.equals("(service.pid=" + PlatformChangeAuditor.escape(pid) + ")")) {
                    found.add(configuration(pid, properties));
                }
            });
            return found.isEmpty() ? null : found.toArray(new Configuration[0]);
        });
        trail = new AuditTrail(directory.resolve("data/audit/audit.jsonl"), support.logger());
        auditor = new PlatformChangeAuditor(trail, admin, context, support.logger());
    }

    @AfterEach
    void stop() {
        auditor.stop();
        trail.close();
    }

    private List<String> entries() throws Exception {
        trail.flush();
        return AuditTestSupport.lines(directory.resolve("data/audit/audit.jsonl"));
    }

    @Test
    void recordsWhatIsPresentAtStartThenBundleChanges() throws Exception {
        assertEquals(1, listeners.size());
        Bundle plugin = bundle(42, "org.liaison.plugin.canonical-json", "0.1.0.SNAPSHOT",
                "file:/opt/liaison/deploy/liaison-plugin-canonical-json.jar");
        listeners.get(0).bundleChanged(new BundleEvent(BundleEvent.INSTALLED, plugin));
        listeners.get(0).bundleChanged(new BundleEvent(BundleEvent.STARTED, plugin));
        listeners.get(0).bundleChanged(new BundleEvent(BundleEvent.UPDATED, plugin));
        listeners.get(0).bundleChanged(new BundleEvent(BundleEvent.UNINSTALLED, plugin));

        List<String> entries = entries();
        assertEquals(4, entries.size(), "STARTED is not audited: " + entries);
        assertTrue(entries.get(0).contains("\"event\":\"platform-state\",\"bundles\":[{\"bundleId\":0,"
                + "\"symbolicName\":\"org.apache.felix.framework\",\"version\":\"7.0.5\",\"location\":\"System Bundle\"}],"
                + "\"configurations\":[{\"pid\":\"org.liaison.transport.folder~interpol\",\"factoryPid\":"
                + "\"org.liaison.transport.folder\",\"file\":\"file:/opt/liaison/conf/services/"
                + "org.liaison.transport.folder-interpol.cfg\",\"properties\":[\"liaison.partner\",\"password\"]}]"),
                entries.get(0));
        String described = ",\"bundleId\":42,\"symbolicName\":\"org.liaison.plugin.canonical-json\","
                + "\"version\":\"0.1.0.SNAPSHOT\",\"location\":\"file:/opt/liaison/deploy/"
                + "liaison-plugin-canonical-json.jar\",\"prev\"";
        assertTrue(entries.get(1).contains("\"event\":\"bundle-installed\"" + described), entries.get(1));
        assertTrue(entries.get(2).contains("\"event\":\"bundle-updated\"" + described), entries.get(2));
        assertTrue(entries.get(3).contains("\"event\":\"bundle-uninstalled\"" + described), entries.get(3));

        auditor.stop();
        assertEquals(0, listeners.size());
    }

    @Test
    void recordsConfigurationChangesWithPropertyNamesButNeverValues() throws Exception {
        ServiceReference<ConfigurationAdmin> reference = proxy(ServiceReference.class, (p, m, a) -> null);
        auditor.configurationEvent(new ConfigurationEvent(reference, ConfigurationEvent.CM_UPDATED,
                "org.liaison.transport.folder", "org.liaison.transport.folder~interpol"));
        auditor.configurationEvent(new ConfigurationEvent(reference, ConfigurationEvent.CM_DELETED, null,
                "org.liaison.core.agreements"));

        List<String> entries = entries();
        assertEquals(3, entries.size());
        assertTrue(entries.get(1).contains("\"event\":\"configuration-changed\",\"pid\":\"org.liaison.transport.folder"
                + "~interpol\",\"factoryPid\":\"org.liaison.transport.folder\",\"type\":\"updated\",\"file\":"
                + "\"file:/opt/liaison/conf/services/org.liaison.transport.folder-interpol.cfg\",\"properties\":"
                + "[\"liaison.partner\",\"password\"],\"prev\""), entries.get(1));
        assertTrue(entries.get(2).contains("\"event\":\"configuration-changed\",\"pid\":\"org.liaison.core.agreements\","
                + "\"factoryPid\":null,\"type\":\"deleted\",\"prev\""), entries.get(2));
        assertTrue(entries.stream().noneMatch(line -> line.contains("s3cret")));
    }

    @Test
    void filterValuesAreEscaped() {
        assertEquals("a\\(b\\)\\*c\\\\", PlatformChangeAuditor.escape("a(b)*c\\"));
    }

    @Test
    void anEventAfterTheTrailClosedIsLoggedNotThrown() throws Exception {
        trail.close();
        listeners.get(0).bundleChanged(new BundleEvent(BundleEvent.INSTALLED, bundle(7, "x", "1.0.0", "l")));
        assertTrue(support.logged("warn").stream().anyMatch(line -> line.contains("Not recorded in the audit trail:"
                + " bundle-installed")), support.log.toString());
    }
}
