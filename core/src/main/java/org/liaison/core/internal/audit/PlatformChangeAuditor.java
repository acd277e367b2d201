package org.liaison.core.internal.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Records the changes to what runs: {@code bundle-installed}, {@code bundle-updated}, {@code bundle-uninstalled},
 * and {@code configuration-changed} for every Configuration Admin change. Because bundles and configurations can
 * arrive before this component starts (FileInstall begins with {@code deploy/} and {@code conf/services/} at
 * once), it first records a {@code platform-state} entry with the bundles and configurations present.
 *
 * <p>Configuration values are not written: a transport's configuration may hold a credential, and the trail is
 * read by more people than the configuration. The entry names the configuration, its file and its properties.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class PlatformChangeAuditor implements ConfigurationListener, BundleListener {

    /** Set by FileInstall on the configurations it reads from a {@code .cfg} file. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private final AuditTrail trail;
    private final ConfigurationAdmin configurationAdmin;
    private final BundleContext context;
    private final Logger logger;

    @Activate
    public PlatformChangeAuditor(@Reference AuditTrail trail, @Reference ConfigurationAdmin configurationAdmin,
            BundleContext context, @Reference(service = LoggerFactory.class) Logger logger) {
        this.trail = trail;
        this.configurationAdmin = configurationAdmin;
        this.context = context;
        this.logger = logger;
        context.addBundleListener(this);
        recordState();
    }

    @Deactivate
    void stop() {
        context.removeBundleListener(this);
    }

    private void recordState() {
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            bundles.add(describe(bundle));
        }
        List<Map<String, Object>> configurations = new ArrayList<>();
        try {
            Configuration[] all = configurationAdmin.listConfigurations(null);
            for (Configuration configuration : all == null ? new Configuration[0] : all) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("pid", configuration.getPid());
                fields.put("factoryPid", configuration.getFactoryPid());
                describe(configuration.getProperties(), fields);
                configurations.add(fields);
            }
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            logger.warn("Listing the configurations for the audit trail failed: " + e.getMessage(), e);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("bundles", bundles);
        fields.put("configurations", configurations);
        record("platform-state", fields);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String name = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "bundle-installed";
            case BundleEvent.UPDATED -> "bundle-updated";
            case BundleEvent.UNINSTALLED -> "bundle-uninstalled";
            default -> null;
        };
        if (name != null) {
            record(name, describe(event.getBundle()));
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pid", event.getPid());
        fields.put("factoryPid", event.getFactoryPid());
        fields.put("type", switch (event.getType()) {
            case ConfigurationEvent.CM_UPDATED -> "updated";
            case ConfigurationEvent.CM_DELETED -> "deleted";
            case ConfigurationEvent.CM_LOCATION_CHANGED -> "location-changed";
            default -> "type-" + event.getType();
        });
        if (event.getType() != ConfigurationEvent.CM_DELETED) {
            // Events arrive asynchronously: this is the configuration as it is now, which a later event also reports.
            try {
                Configuration[] current = configurationAdmin.listConfigurations(
                        "(" + Constants.SERVICE_PID + "=" + escape(event.getPid()) + ")");
                if (current != null && current.length == 1) {
                    describe(current[0].getProperties(), fields);
                }
            } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
                fields.put("readError", e.getMessage());
            }
        }
        record("configuration-changed", fields);
    }

    private void record(String event, Map<String, Object> fields) {
        try {
            trail.record(event, fields);
        } catch (IllegalStateException e) {
            // an event delivered while Liaison stops, after the trail closed
            logger.warn("Not recorded in the audit trail: " + event + " " + fields + ": " + e.getMessage());
        }
    }

    static Map<String, Object> describe(Bundle bundle) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("bundleId", bundle.getBundleId());
        fields.put("symbolicName", bundle.getSymbolicName());
        fields.put("version", bundle.getVersion().toString());
        fields.put("location", bundle.getLocation());
        return fields;
    }

    /** The file a configuration came from and the names of its properties; never the values. */
    static void describe(Dictionary<String, Object> properties, Map<String, Object> fields) {
        if (properties == null) {
            return;
        }
        Object filename = properties.get(FILEINSTALL_FILENAME);
        if (filename != null) {
            fields.put("file", filename.toString());
        }
        TreeSet<String> names = new TreeSet<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            names.add(keys.nextElement());
        }
        names.removeAll(List.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
                ConfigurationAdmin.SERVICE_BUNDLELOCATION, FILEINSTALL_FILENAME));
        fields.put("properties", List.copyOf(names));
    }

    /** Escapes the characters that are special in an LDAP filter value. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
