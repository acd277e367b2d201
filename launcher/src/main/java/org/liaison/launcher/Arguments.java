package org.liaison.launcher;

import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@code bin/liaison}: one command, for {@code exec} the Gogo command to run, and for
 * {@code verify-audit} the file to check.
 *
 * @param command what to do
 * @param gogoCommand for {@link Command#EXEC} the Gogo command line (the remaining arguments joined by spaces),
 *                    otherwise {@code null}
 * @param auditFile for {@link Command#VERIFY_AUDIT} the trail named on the command line, {@code null} for the
 *                  home's own; otherwise {@code null}
 */
record Arguments(Command command, String gogoCommand, String auditFile) {

    enum Command { RUN, CONSOLE, CHECK, EXEC, VERIFY_AUDIT, HELP, VERSION }

    Arguments(Command command, String gogoCommand) {
        this(command, gogoCommand, null);
    }

    /** Thrown for a command line that {@code bin/liaison} does not understand; the message says what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static Arguments parse(String... args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return switch (args[0]) {
            case "run" -> alone(Command.RUN, rest);
            case "console" -> alone(Command.CONSOLE, rest);
            case "check" -> alone(Command.CHECK, rest);
            case "--help", "-h", "help" -> new Arguments(Command.HELP, null);
            case "--version" -> alone(Command.VERSION, rest);
            case "exec" -> exec(rest);
            case "verify-audit" -> verifyAudit(rest);
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }

    private static Arguments alone(Command command, List<String> rest) throws UsageException {
        if (!rest.isEmpty()) {
            throw new UsageException(command.name().toLowerCase() + " takes no arguments, got '"
                    + String.join(" ", rest) + "'");
        }
        return new Arguments(command, null);
    }

    private static Arguments exec(List<String> rest) throws UsageException {
        String gogoCommand = String.join(" ", rest).strip();
        if (gogoCommand.isEmpty()) {
            throw new UsageException("exec needs a Gogo command, e.g. bin/liaison exec 'lb'");
        }
        if (gogoCommand.indexOf('\n') >= 0 || gogoCommand.indexOf('\r') >= 0) {
            throw new UsageException("exec runs one command line: separate commands with ';', not line breaks");
        }
        return new Arguments(Command.EXEC, gogoCommand);
    }

    private static Arguments verifyAudit(List<String> rest) throws UsageException {
        if (rest.size() > 1) {
            throw new UsageException("verify-audit takes at most one file, got '" + String.join(" ", rest) + "'");
        }
        if (!rest.isEmpty() && rest.get(0).isBlank()) {
            throw new UsageException("verify-audit: the file name is empty");
        }
        return new Arguments(Command.VERIFY_AUDIT, null, rest.isEmpty() ? null : rest.get(0));
    }

    /** The text of {@code bin/liaison --help}. */
    static String help(String version) {
        return """
                Liaison %s

                Usage: bin/liaison <command>

                Commands:
                  run               Start Liaison in the foreground, without a console.
                                    Ctrl-C or SIGTERM stops it cleanly.
                  console           Start Liaison in the foreground with the Gogo shell.
                                    Ctrl-D (end of input) or 'stop 0' in the shell stops Liaison, and so
                                    do Ctrl-C and SIGTERM.
                  check             Install bundle/*.jar and deploy/*.jar in a throw-away framework (FileInstall
                                    only loads the *.cfg files there), resolve and start them, report every bundle
                                    and every DS component whose references are unsatisfied or whose activation
                                    failed, then stop. Exit status 0 when all is well, 1 otherwise.
                  exec '<command>'  Run one Gogo shell command in the running instance and print its output,
                                    e.g. bin/liaison exec 'lb'. Quote the command so the shell keeps it whole.
                                    Exit status 0 on success, 1 when the command failed, 2 when Liaison could
                                    not be reached or refused the request. exec connects to 127.0.0.1 only and
                                    needs read access to data/exec.token, which only the owner of the running
                                    process has.
                  verify-audit [<file>]
                                    Check the audit trail data/audit/audit.jsonl (or the file given) with
                                    Liaison stopped: every entry carries the hash of the one before, so an
                                    edited, deleted, inserted or reordered entry breaks the chain. Prints
                                    "audit chain OK: <n> entries (last hash <hash>)", or names the first bad
                                    entry: "audit chain BROKEN at line <l> (seq <s>): <what>". Exit status 0
                                    when the chain is intact, 1 when it is broken, 2 when the file is missing
                                    or unreadable, or Liaison is running (then use
                                    bin/liaison exec 'liaison:audit verify').
                  --help            Print this text.
                  --version         Print the version.

                When started, run and console print exactly one line on stdout:
                  Liaison <version> ready in <N> ms: <M> bundles active
                It comes once every bundle of bundle/ is active, the agreements are loaded and the exchange
                journal is open. N is the time in milliseconds since the Java VM started. M is the number of
                bundles from bundle/ in state ACTIVE at that moment: the system bundle is not counted, nor are
                the bundles of deploy/, which FileInstall installs within a second after the line, nor, in
                console, the Gogo shell, which starts right after the line so that its prompt follows it. A
                bundle that fails to resolve or start is reported on stderr before that line, naming the
                bundle, its file and the missing requirement; Liaison keeps running, so that an administrator
                can fix deploy/ without a restart. When the journal cannot open, "liaison: not ready: <why>"
                takes the place of the ready line. -Dliaison.startup.trace=true (in LIAISON_JAVA_OPTS) prints
                after it where the time of the start went, phase by phase.
                Warnings and errors logged later (a jar of deploy/ that does not resolve, a component that fails
                to activate) go to stderr too.

                Layout of LIAISON_HOME (the folder above bin/, found from the script's own location):
                  bin/liaison             this script
                  lib/                    liaison-launcher.jar and org.apache.felix.framework.jar
                  bundle/                 infrastructure bundles, installed and started at every start
                  deploy/                 plugin bundles, watched by FileInstall: dropping, replacing or
                                          deleting a jar takes effect within a second
                  conf/services/          .cfg service configurations, read before the core starts and watched
                                          while Liaison runs
                  conf/config.properties  framework properties. ${liaison.home} stands for LIAISON_HOME, and
                                          relative folders of felix.fileinstall.dir (comma-separated, default
                                          deploy) are relative to it. liaison.log.stderr (off, error, warn,
                                          info, debug; default warn) says which LogService entries run and
                                          console copy to stderr.
                  data/                   written while running: felix-cache/ (emptied at every start),
                                          cds/ (the class data sharing archive; LIAISON_CDS=off ignores it),
                                          exec.port and exec.token (exec's endpoint), liaison.lock, and
                                          audit/audit.jsonl, the audit trail (never emptied; a line that a
                                          crash cut short is moved to audit.jsonl.torn-<n> at the next start)

                Exit status:
                  0  success (run and console: the framework stopped normally)
                  1  check found a problem, exec's command failed, verify-audit found the audit chain broken,
                     or the framework failed
                  2  wrong usage, or Liaison could not be started, configured or reached

                Environment:
                  JAVA_HOME          the Java 17+ installation to use (default: java on the PATH)
                  LIAISON_JAVA_OPTS  extra options for the Java VM, e.g. -Xmx1g
                """.formatted(version);
    }
}
