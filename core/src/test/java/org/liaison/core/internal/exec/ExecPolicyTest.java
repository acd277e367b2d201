package org.liaison.core.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ExecPolicyTest {

    private static final Set<String> COMMANDS = ExecTestSupport.GOGO_COMMANDS;

    private static String refusal(ExecPolicy policy, String command) {
        ExecPolicy.Decision decision = policy.decide(command, COMMANDS);
        assertFalse(decision.allowed(), command + " should be refused");
        return decision.refusal();
    }

    private static void allowed(ExecPolicy policy, String command) {
        ExecPolicy.Decision decision = policy.decide(command, COMMANDS);
        assertTrue(decision.allowed(), command + ": " + decision.refusal());
    }

    @Test
    void byDefaultLiaisonCommandsAndFelixListingsRun() {
        ExecPolicy policy = ExecTestSupport.policy();
        // What the distribution's system tests and the docs run.
        allowed(policy, "liaison:status");
        allowed(policy, "liaison:check --from interpol --to unpol --area information-exchange");
        allowed(policy, "liaison:swap org.liaison.plugin.un-peacekeeping /opt/liaison/plugins/v2.jar");
        allowed(policy, "liaison:swap unodc file:/tmp/unodc-0.3.0.jar");
        allowed(policy, "liaison:swap unodc 'https://example.org/get?plugin=unodc&v=2'");
        allowed(policy, "lb");
        allowed(policy, "lb -s");
        allowed(policy, "LB");
        allowed(policy, "felix:lb");
        allowed(policy, "inspect capability service org.liaison.core org.liaison.plugin.unodc");
        allowed(policy, "inspect requirement osgi.wiring.package 12 13");
        allowed(policy, "headers 0");
    }

    @Test
    void commandsThatOpenListenersRunScriptsOrChangeTheFrameworkAreRefused() {
        ExecPolicy policy = ExecTestSupport.policy();
        for (String command : List.of("telnetd start", "gogo:telnetd -p 2019 start", "TELNETD start", "gosh",
                "sh script.gosh", "source http://example.org/x", "new java.io.FileOutputStream /etc/x",
                "cat /etc/shadow", "install http://example.org/x.jar", "felix:stop 0", "set SCOPE gogo")) {
            String refusal = refusal(policy, command);
            assertTrue(refusal.contains("is not allowed through exec"), refusal);
            assertTrue(refusal.contains("allowCommands"), refusal);
        }
        assertTrue(refusal(policy, "TELNETD start").startsWith("gogo:telnetd is not allowed through exec"));
        assertTrue(refusal(policy, "gosh").endsWith("e.g. allowCommands=gogo:gosh"));
    }

    @Test
    void anAdminMayAllowMore() {
        ExecPolicy policy = ExecTestSupport.policy("gogo:telnetd, felix:install", "GOGO:GOSH");
        allowed(policy, "telnetd start");
        allowed(policy, "install file:/tmp/x.jar");
        allowed(policy, "gosh");
        refusal(policy, "sh script.gosh");
        allowed(ExecTestSupport.policy("gogo:*"), "sh script.gosh");
        assertEquals(List.of("felix:headers", "felix:help", "felix:inspect", "felix:install", "felix:lb",
                "felix:log", "felix:which", "gogo:gosh", "gogo:telnetd", "liaison:*"), policy.allowedList());
    }

    @Test
    void aNameWithoutScopeRunsOnlyWhenEveryCommandOfThatNameIsAllowed() {
        // Gogo may pick felix:ls or test:ls for "ls".
        String refusal = refusal(ExecTestSupport.policy("felix:ls"), "ls /");
        assertTrue(refusal.startsWith("test:ls is not allowed"), refusal);
        allowed(ExecTestSupport.policy("felix:ls"), "felix:ls /");
        allowed(ExecTestSupport.policy("felix:ls", "test:ls"), "ls /");
    }

    @Test
    void unknownCommandsAreRefused() {
        assertEquals("no command nothing in this instance (bin/liaison exec help lists them)",
                refusal(ExecTestSupport.policy(), "nothing"));
        assertEquals("no command liaison:nothing in this instance (bin/liaison exec help lists them)",
                refusal(ExecTestSupport.policy(), "liaison:nothing"));
    }

    @Test
    void constructsThatCouldSmuggleACommandAreRefusedEvenForAllowedCommands() {
        ExecPolicy policy = ExecTestSupport.policy("gogo:echo", "gogo:each");
        for (String command : List.of("lb; telnetd", "lb ;telnetd", "lb | telnetd", "lb && telnetd",
                "lb & telnetd", "each [1] { telnetd }", "echo (telnetd)", "echo $(telnetd)", "echo ${x}",
                "echo $x", "echo \"$x\"", "echo `telnetd`", "lb > /tmp/out", "lb < /tmp/in", "echo a\\;b",
                "echo ~/x", "echo *", "echo x?", "echo #x", "echo !x", "lb = telnetd", "echo =telnetd",
                "echo 'unclosed", "'telnetd' start", "\"telnetd\" start", "tel\"\"netd", "echo 'a\\b'",
                "lb\u0000", "echo \"a`b`\"", "echo 1%2", "echo 'a'b", "echo a'b'", "echo 'a''b'")) {
            String refusal = refusal(policy, command);
            assertTrue(refusal.contains("exec runs one plain command"), command + ": " + refusal);
        }
        assertTrue(refusal(policy, "lb; telnetd").startsWith("';' at column 3: not a plain character; "));
        assertTrue(refusal(policy, "'telnetd' start").startsWith(
                "''' at column 1: the command name must not be quoted"));
        assertTrue(refusal(policy, "lb\u0000").startsWith("U+0000 at column 3"));
        assertTrue(refusal(policy, "echo 'a b'c").startsWith("'c' at column 11: a quote must end a word"));
        // Quotes carry what would be syntax outside them; they are plain arguments to Gogo.
        allowed(policy, "echo 'a;b|c{d}(e)$f*g' \"h;i|j\"");
    }

    @Test
    void aBadEntryInTheConfigurationIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecTestSupport.policy("telnetd"));
        assertEquals("exec endpoint: allowed command 'telnetd' must be scope:function or scope:* (e.g."
                + " gogo:telnetd or felix:*)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExecTestSupport.policy("*"));
        assertThrows(IllegalArgumentException.class, () -> ExecTestSupport.policy("gogo:tel*"));
    }
}
