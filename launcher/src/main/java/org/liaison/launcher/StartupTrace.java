package org.liaison.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the time of a start goes, phase by phase, for {@code docs/benchmarks.md} and for an admin who wonders why a
 * start is slow. Enabled with the system property {@code liaison.startup.trace=true}
 * ({@code LIAISON_JAVA_OPTS=-Dliaison.startup.trace=true bin/liaison run}); it then prints, on stderr after the
 * ready line, one line per phase: its duration and when it ended, in milliseconds since the JVM started.
 */
final class StartupTrace {

    static final String PROPERTY = "liaison.startup.trace";

    private record Phase(String name, long millis, long endedAt) {
    }

    private final boolean enabled;
    private final List<Phase> phases = new ArrayList<>();
    private long phaseStart;

    StartupTrace(boolean enabled) {
        this.enabled = enabled;
        this.phaseStart = System.nanoTime();
    }

    static StartupTrace fromSystemProperty() {
        return new StartupTrace(Boolean.getBoolean(PROPERTY));
    }

    /**
     * Ends the phase that began at the previous call (or at construction, when the launcher has read its
     * configuration and is about to create the framework) and names it.
     */
    void phase(String name) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        phases.add(new Phase(name, (now - phaseStart) / 1_000_000, Foreground.sinceProcessStart().toMillis()));
        phaseStart = now;
    }

    void print(PrintStream err) {
        if (!enabled) {
            return;
        }
        for (Phase phase : phases) {
            err.printf("liaison: start-up %6d ms  (at %5d ms)  %s%n", phase.millis(), phase.endedAt(), phase.name());
        }
    }
}
