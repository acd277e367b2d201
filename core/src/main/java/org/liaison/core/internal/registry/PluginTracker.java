package org.liaison.core.internal.registry;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.liaison.api.format.PartnerFormat;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;
import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.DataSource;
import org.liaison.api.transport.ExchangeChannel;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Tracks every partner format, data source and exchange channel on the whiteboard and publishes them as the
 * {@link PluginRegistry}. Plugins come and go without a restart; unbinding removes a plugin's entry at once.
 *
 * <p>The core's plugin gate can hold a bundle's services back from the registry ({@link #hold}) while it checks a
 * new version of the bundle: the engine finds no format or channel of that version, and waits, until the check
 * passes and the gate lets them through ({@link #release}).
 */
@Component(service = { PluginRegistry.class, PluginTracker.class })
public final class PluginTracker implements PluginRegistry {

    private final PluginIndex index = new PluginIndex();
    private final List<PluginChangeListener> listeners = new CopyOnWriteArrayList<>();

    private final Logger logger;

    @Activate
    public PluginTracker(@Reference(service = LoggerFactory.class) Logger logger) {
        this.logger = logger;
    }

    /**
     * Tells {@code listener} of every change from now on. A plain call rather than a whiteboard of listener services:
     * the engine listens and also needs this registry, and services that need each other make a circle that DS
     * breaks with an error at every start.
     */
    public void addListener(PluginChangeListener listener) {
        listeners.add(listener);
    }

    public void removeListener(PluginChangeListener listener) {
        listeners.remove(listener);
    }

    private void changed() {
        for (PluginChangeListener listener : listeners) {
            try {
                listener.pluginsChanged();
            } catch (RuntimeException e) {
                logger.error("A listener of plugin changes failed: " + e, e);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFormat(PartnerFormat format, ServiceReference<PartnerFormat> reference) {
        add(PluginKind.FORMAT, PartnerFormat.PARTNER, PartnerFormat.FORMAT, format, reference);
    }

    void unbindFormat(ServiceReference<PartnerFormat> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSource(DataSource source, ServiceReference<DataSource> reference) {
        add(PluginKind.SOURCE, DataSource.PARTNER, DataSource.TRANSPORT, source, reference);
    }

    void unbindSource(ServiceReference<DataSource> reference) {
        remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindChannel(ExchangeChannel channel, ServiceReference<ExchangeChannel> reference) {
        add(PluginKind.CHANNEL, ExchangeChannel.PARTNER, ExchangeChannel.TRANSPORT, channel, reference);
    }

    void unbindChannel(ServiceReference<ExchangeChannel> reference) {
        remove(reference);
    }

    private void add(PluginKind kind, String partnerProperty, String idProperty, Object service,
            ServiceReference<?> reference) {
        long serviceId = (Long) reference.getProperty(Constants.SERVICE_ID);
        Bundle bundle = reference.getBundle();
        String bundleName = bundle == null ? "(unregistered)" : bundle.getSymbolicName();
        String partner = stringProperty(reference, partnerProperty);
        String id = stringProperty(reference, idProperty);
        if (partner == null || id == null) {
            // Without both properties the plugin cannot be routed to; a partner developer sees why in the log.
            log(true, "Ignoring " + kind + " service " + serviceId + " of bundle " + bundleName + ": it needs the"
                    + " service properties " + partnerProperty + " and " + idProperty + " (found "
                    + partnerProperty + "=" + partner + ", " + idProperty + "=" + id + ")");
            return;
        }
        String bundleVersion = bundle == null ? "" : bundle.getVersion().toString();
        index.add(new PluginDescription(kind, partner, id, bundleName, bundleVersion, serviceId), service,
                ranking(reference), bundle == null ? -1 : bundle.getBundleId());
        log(false, "Plugged in " + kind + " " + partner + "/" + id + " from " + bundleName + " " + bundleVersion);
        changed();
    }

    private void remove(ServiceReference<?> reference) {
        index.remove((Long) reference.getProperty(Constants.SERVICE_ID))
                .ifPresent(entry -> log(false, "Unplugged " + entry.description()));
        changed();
    }

    private static String stringProperty(ServiceReference<?> reference, String name) {
        Object value = reference.getProperty(name);
        return value instanceof String text && !text.isBlank() ? text : null;
    }

    private static int ranking(ServiceReference<?> reference) {
        return reference.getProperty(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    private void log(boolean warning, String message) {
        if (warning) {
            logger.warn(message);
        } else {
            logger.info(message);
        }
    }

    /**
     * Holds the services of a bundle back from the registry, those it has and those it registers from now on,
     * until {@link #release}d as many times. For the plugin gate, before it updates the bundle or as soon as it
     * learns of an update.
     */
    public void hold(long bundleId) {
        index.hold(bundleId);
    }

    /** Lets a held bundle's services through again (once every hold on it is released). */
    public void release(long bundleId) {
        index.release(bundleId);
        if (!index.isHeld(bundleId)) {
            changed();
        }
    }

    /** The bundles whose services are held back now, by symbolic name. */
    public List<String> heldBundles() {
        return index.heldBundles();
    }

    /** Every plugin service, those held back included: what the plugin gate checks. */
    public List<PartnerPlugins> partnersIncludingHeld() {
        return index.partnersIncludingHeld();
    }

    @Override
    public List<PartnerPlugins> partners() {
        return index.partners();
    }

    @Override
    public Optional<PartnerPlugins> partner(String partnerId) {
        return index.partner(partnerId);
    }

    @Override
    public Optional<PartnerFormat> format(String partnerId, String formatId) {
        return index.best(PluginKind.FORMAT, partnerId, formatId, PartnerFormat.class)
                .or(() -> index.best(PluginKind.FORMAT, PartnerFormat.ANY_PARTNER, formatId, PartnerFormat.class));
    }

    @Override
    public List<PartnerFormat> formats(String partnerId) {
        return index.formats(partnerId);
    }

    @Override
    public Optional<ExchangeChannel> channel(String partnerId) {
        return index.best(PluginKind.CHANNEL, partnerId, null, ExchangeChannel.class);
    }
}
