package org.liaison.core.internal.swap;

import java.util.List;

import org.liaison.api.registry.PartnerPlugins;
import org.liaison.core.internal.registry.PluginTracker;

/**
 * What the swapper needs of the plugin registry: to hold a bundle's services back while a version of it is checked,
 * and to see every plugin service, held ones included. A seam of its own so that a unit test can stand in for the
 * registry with bundles of a fake framework.
 */
interface PluginGate {

    void hold(long bundleId);

    void release(long bundleId);

    List<PartnerPlugins> partnersIncludingHeld();

    static PluginGate of(PluginTracker tracker) {
        return new PluginGate() {
            @Override
            public void hold(long bundleId) {
                tracker.hold(bundleId);
            }

            @Override
            public void release(long bundleId) {
                tracker.release(bundleId);
            }

            @Override
            public List<PartnerPlugins> partnersIncludingHeld() {
                return tracker.partnersIncludingHeld();
            }
        };
    }
}
