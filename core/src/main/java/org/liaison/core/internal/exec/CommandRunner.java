package org.liaison.core.internal.exec;

import java.io.PrintStream;
import java.util.Set;

/** Runs one shell command line; the exec endpoint's only view of Gogo, so that its protocol is testable alone. */
interface CommandRunner {

    /**
     * Runs {@code command}, writing everything it prints (and its formatted result) to {@code out}.
     *
     * @throws Exception when the command fails; the message is what the client shows
     */
    void run(String command, PrintStream out) throws Exception;

    /** The commands the shell has now, as lower-case {@code scope:function} (Gogo looks names up in lower case). */
    Set<String> commands();
}
