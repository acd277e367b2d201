package org.liaison.core.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.junit.jupiter.api.Test;
import org.liaison.core.internal.exec.LoopbackCallers.Caller;

/**
 * The policy against the real Gogo runtime of the distribution: it lists its commands as the policy expects, looks
 * names up as the policy does, and takes what the policy lets through as plain arguments.
 */
class ExecGogoTest {

    private static final String TOKEN = "0123456789abcdef".repeat(4);

    /** Gogo calls these by reflection, so they must be public. */
    public static final class Commands {

        final List<List<String>> calls = new CopyOnWriteArrayList<>();

        public String lb(String... args) {
            calls.add(List.of(args));
            return "lb " + String.join("|", args);
        }

        public void telnetd(String... args) {
            calls.add(List.of("telnetd"));
        }
    }

    private final Commands commands = new Commands();
    private final ExecTestSupport support = new ExecTestSupport();

    private String exec(String command, String... alsoAllowed) throws IOException {
        CommandProcessorImpl processor = new CommandProcessorImpl();
        processor.addCommand("felix", commands, "lb");
        processor.addCommand("gogo", commands, "telnetd");
        ExecProtocol protocol = new ExecProtocol(TOKEN, ExecEndpoint.gogo(processor),
                ExecTestSupport.policy(alsoAllowed), support.audit, support.logger());
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        protocol.serve(new ByteArrayInputStream((TOKEN + "\n" + command + "\n").getBytes(StandardCharsets.UTF_8)),
                response, new Caller("alice", 1000));
        return response.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theShellListsItsCommandsInLowerCase() {
        CommandProcessorImpl processor = new CommandProcessorImpl();
        processor.addCommand("Felix", commands, "LB");
        assertTrue(ExecEndpoint.gogo(processor).commands().contains("felix:lb"));
    }

    @Test
    void namesAreLookedUpWithoutScopeAndCase() throws IOException {
        assertEquals("lb -s\nLIAISON-EXEC OK\n", exec("LB -s"));
        assertEquals("lb \nLIAISON-EXEC OK\n", exec("felix:lb"));
    }

    @Test
    void quotedSyntaxReachesTheCommandAsPlainArguments() throws IOException {
        assertEquals("lb a;b|c$(telnetd)|d e|key=value|x,y@z+1|-_./:\nLIAISON-EXEC OK\n",
                exec("lb 'a;b|c$(telnetd)' \"d e\" key=value x,y@z+1 -_./:"));
        assertEquals(List.of(List.of("a;b|c$(telnetd)", "d e", "key=value", "x,y@z+1", "-_./:")),
                commands.calls);
    }

    @Test
    void telnetdRunsOnlyWhenAllowed() throws IOException {
        assertTrue(exec("telnetd start").startsWith("LIAISON-EXEC DENIED 'telnetd start': gogo:telnetd is not"
                + " allowed"));
        assertTrue(exec("lb ; telnetd start").startsWith("LIAISON-EXEC DENIED 'lb ; telnetd start': ';'"));
        assertTrue(commands.calls.isEmpty(), commands.calls.toString());
        assertEquals("LIAISON-EXEC OK\n", exec("telnetd start", "gogo:telnetd"));
        assertEquals(List.of(List.of("telnetd")), commands.calls);
    }
}
