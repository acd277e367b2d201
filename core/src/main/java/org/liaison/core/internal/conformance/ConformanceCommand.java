package org.liaison.core.internal.conformance;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The Gogo command {@code liaison:conformance <partner>}: runs the conformance samples of a partner's formats. */
@Component(service = ConformanceCommand.class, property = {
        "osgi.command.scope=liaison",
        "osgi.command.function=conformance" })
public final class ConformanceCommand {

    private final ConformanceRunner runner;

    @Activate
    public ConformanceCommand(@Reference ConformanceRunner runner) {
        this.runner = runner;
    }

    @Descriptor("runs the conformance samples of a partner's formats; fails when one does not pass")
    public String conformance(@Descriptor("the partner id") String partner) {
        List<ConformanceRunner.Result> results = runner.run(partner);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("partner " + partner + " has no format with conformance samples"
                    + " (see liaison:plugins)");
        }
        String lines = results.stream().map(ConformanceRunner.Result::line).collect(Collectors.joining("\n"));
        long failed = results.stream().filter(result -> !result.passed()).count();
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + results.size() + " conformance samples failed:\n"
                    + lines);
        }
        return lines + "\n" + results.size() + " conformance samples passed";
    }
}
