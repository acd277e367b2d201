/**
 * What is plugged in, partner by partner.
 *
 * <p>The core tracks every {@link org.liaison.api.format.PartnerFormat format},
 * {@link org.liaison.api.transport.DataSource data source} and
 * {@link org.liaison.api.transport.ExchangeChannel exchange channel} as plugins come and go, and publishes what it
 * sees through the {@link org.liaison.api.registry.PluginRegistry} service. Plugins and tools read it; they never
 * register with it: registering the plugin's own service is all a plugin does.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.liaison.api.registry;
