package org.liaison.core.internal.swap;

import java.io.IOException;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Gogo command {@code liaison:swap <partner|bundle> <jar path or URL>}: replaces a partner plugin with a new
 * version, which is kept only when it starts and passes its conformance samples; fails, naming why, when the
 * previous version was put back.
 */
@Component(service = SwapCommand.class, property = {
        "osgi.command.scope=liaison",
        "osgi.command.function=swap" })
public final class SwapCommand {

    private final PluginSwapper swapper;

    @Activate
    public SwapCommand(@Reference PluginSwapper swapper) {
        this.swapper = swapper;
    }

    @Descriptor("replaces a partner plugin with a new version; rolls it back when it fails its conformance samples")
    public String swap(@Descriptor("a partner id (the bundle of its formats) or a bundle symbolic name") String target,
            @Descriptor("the new jar: a path (relative to the Liaison home) or a URL") String source)
            throws IOException {
        PluginSwapper.Outcome outcome = swapper.swap(target, source);
        if (!outcome.accepted()) {
            throw new IllegalStateException(outcome.report());
        }
        return outcome.report();
    }
}
