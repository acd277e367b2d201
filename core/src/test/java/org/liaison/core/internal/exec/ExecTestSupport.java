package org.liaison.core.internal.exec;

import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.service.log.Logger;

/** An audit that keeps its entries, a logger that keeps what it is told, and a fake Gogo shell. */
final class ExecTestSupport {

    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    /** The entries recorded, in order; durable ones are marked {@code durable=true}. */
    final List<Map<String, Object>> audited = new CopyOnWriteArrayList<>();
    final ExecAudit audit = (fields, durable) -> {
        Map<String, Object> entry = new LinkedHashMap<>(fields);
        entry.put("durable", durable);
        audited.add(entry);
    };

    Logger logger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (List.of("info", "warn", "error").contains(method.getName())) {
                        log.add(method.getName() + ": " + Arrays.deepToString(args));
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    static String field(Map<String, Object> entry, String name) {
        return entry.containsKey(name) ? String.valueOf(entry.get(name)) : null;
    }

    /** A fake of what Gogo 1.1 registers in the distribution, with the Liaison and Felix commands exec needs. */
    static final Set<String> GOGO_COMMANDS = Set.of("liaison:status", "liaison:plugins", "liaison:check",
            "liaison:swap", "felix:lb", "felix:inspect", "felix:headers", "felix:install", "felix:stop",
            "felix:ls", "felix:cd", "gogo:telnetd", "gogo:gosh", "gogo:sh", "gogo:source", "gogo:new", "gogo:cat",
            "gogo:echo", "gogo:each", "gogo:set", "test:ls");

    /** Runs what it is given through {@code behaviour}, and lists {@code commands}. */
    static final class FakeShell implements CommandRunner {

        interface Behaviour {
            void run(String command, PrintStream out) throws Exception;
        }

        final List<String> ran = new CopyOnWriteArrayList<>();
        private final Set<String> commands;
        private final Behaviour behaviour;

        FakeShell(Set<String> commands, Behaviour behaviour) {
            this.commands = commands;
            this.behaviour = behaviour;
        }

        /** The distribution's commands, each printing "ran" and its command line. */
        FakeShell() {
            this(GOGO_COMMANDS, (command, out) -> out.println("ran " + command));
        }

        /** Commands named by their function only, in scope "test". */
        static FakeShell of(Behaviour behaviour, String... functions) {
            return new FakeShell(Arrays.stream(functions).map(function -> "test:" + function)
                    .collect(Collectors.toUnmodifiableSet()), behaviour);
        }

        @Override
        public void run(String command, PrintStream out) throws Exception {
            ran.add(command);
            behaviour.run(command, out);
        }

        @Override
        public Set<String> commands() {
            return commands;
        }
    }

    static ExecPolicy policy(String... alsoAllowed) {
        return new ExecPolicy(List.of(alsoAllowed));
    }
}
