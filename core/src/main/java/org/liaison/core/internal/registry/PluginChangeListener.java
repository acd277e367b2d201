package org.liaison.core.internal.registry;

/**
 * Told when the plugins the {@link PluginTracker} publishes change: a format, source or channel came or went, or a
 * bundle's services were let through after its check. Added with {@link PluginTracker#addListener}; called on the
 * thread that made the change, so it must return at once.
 */
public interface PluginChangeListener {

    void pluginsChanged();
}
