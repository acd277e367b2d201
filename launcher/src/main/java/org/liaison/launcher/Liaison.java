package org.liaison.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

import org.liaison.launcher.Arguments.UsageException;
import org.liaison.launcher.ConfigProperties.ConfigException;
import org.liaison.launcher.Platform.Mode;

/** The entry point of {@code bin/liaison}; {@code bin/liaison --help} describes the commands. */
public final class Liaison {

    static final int EXIT_OK = 0;
    /** check found a problem, exec's command failed, the audit chain is broken, or the framework failed. */
    static final int EXIT_FAILURE = 1;
    /** Wrong usage, or Liaison could not be started, configured or reached. */
    static final int EXIT_NOT_STARTED = 2;

    static final String VERSION = Optional.ofNullable(Liaison.class.getPackage().getImplementationVersion())
            .orElse("(development build)");

    private final PrintStream out;
    private final PrintStream err;

    Liaison(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status = new Liaison(System.out, System.err).run(args);
        // Bundles may leave non-daemon threads behind; once the framework has stopped nothing is left to wait for.
        System.exit(status);
    }

    /** File-system errors name the file in their message but not what went wrong with it. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return e.getMessage() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return e.getMessage() + ": permission denied";
        }
        if (e instanceof FileSystemException) {
            return e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    int run(String... args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (UsageException e) {
            err.println("liaison: " + e.getMessage());
            err.println("Usage: bin/liaison run | console | check | exec '<command>' | verify-audit [<file>]"
                    + " | --help");
            return EXIT_NOT_STARTED;
        }
        switch (arguments.command()) {
            case HELP:
                out.print(Arguments.help(VERSION));
                return EXIT_OK;
            case VERSION:
                out.println("Liaison " + VERSION);
                return EXIT_OK;
            default:
                break;
        }
        try {
            LiaisonHome home = LiaisonHome.locate();
            return switch (arguments.command()) {
                case RUN -> new Foreground(home, Mode.RUN, VERSION, out, err).run();
                case CONSOLE -> new Foreground(home, Mode.CONSOLE, VERSION, out, err).run();
                case CHECK -> new Check(home, out, err).run();
                case EXEC -> new ExecClient(home, out, err).exec(arguments.gogoCommand());
                case VERIFY_AUDIT -> new VerifyAudit(home, out, err).run(arguments.auditFile());
                default -> throw new IllegalStateException("unhandled command " + arguments.command());
            };
        } catch (ConfigException e) {
            err.println("liaison: " + e.getMessage());
            return EXIT_NOT_STARTED;
        } catch (IOException e) {
            err.println("liaison: " + describe(e));
            return EXIT_NOT_STARTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILURE;
        }
    }
}
