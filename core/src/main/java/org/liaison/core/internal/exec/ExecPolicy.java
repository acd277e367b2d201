package org.liaison.core.internal.exec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which command lines {@code bin/liaison exec} may run. The token proves only that the caller can read
 * {@code data/exec.token}; it must not also let them open a shell that needs no token ({@code telnetd}), run
 * scripts ({@code gosh}, {@code sh}, {@code source}), create arbitrary Java objects ({@code new}), read files
 * ({@code cat}) or change the framework ({@code install}, {@code update}, {@code stop}). So exec runs only:
 * <ul>
 * <li><b>one plain command</b>: a command name, then arguments made of letters, digits and {@value #PLAIN_PUNCTUATION}
 *     (not starting with {@code =}, which Gogo takes for an assignment), or quoted whole in {@code '…'} or, without
 *     {@code $}, in {@code "…"}. Whatever else
 *     Gogo would interpret ({@code ;}, {@code |}, {@code &}, closures {@code { }}, sub-commands {@code ( )},
 *     variables {@code $}, redirections {@code > <}, expressions {@code %}, globs, escapes, comments) could run a
 *     command that this check never saw, so it is refused, even for allowed commands;</li>
 * <li><b>an allowed command</b>: {@link #DEFAULT_ALLOWED} (Liaison's own commands and Felix's read-only listings),
 *     plus what the admin adds ({@code scope:function} or {@code scope:*}). A name without scope is allowed only
 *     when every command the shell has under that name is allowed, since Gogo may pick any of them.</li>
 * </ul>
 */
final class ExecPolicy {

    /** What exec runs without configuration: Liaison's commands and Felix's read-only listings. */
    static final List<String> DEFAULT_ALLOWED = List.of("liaison:*", "felix:lb", "felix:headers", "felix:inspect",
            "felix:help", "felix:which", "felix:log");
    /** Where the admin allows more; named in refusals. */
    static final String CONFIGURATION = "allowCommands in conf/services/" + ExecEndpoint.PID + ".cfg";
    static final String PLAIN_PUNCTUATION = "-_./:,@+=";

    private static final Pattern ENTRY = Pattern.compile("[a-z0-9_.-]+:([a-z0-9_.-]+|\\*)");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_-]+(:[\\p{L}\\p{N}_-]+)?");
    private static final String ONE_PLAIN_COMMAND = "exec runs one plain command: a name, then arguments of"
            + " letters, digits and " + PLAIN_PUNCTUATION + " or quoted whole in '...'; ';', '|', '&', closures,"
            + " sub-commands, variables, redirections, expressions, globs and escapes are refused because exec"
            + " cannot check what they would run";

    /** The decision on one command line: {@code refusal} is {@code null} when it may run. */
    record Decision(String refusal) {

        boolean allowed() {
            return refusal == null;
        }
    }

    private final Set<String> allowed;

    /**
     * The defaults plus {@code alsoAllowed}: entries {@code scope:function} or {@code scope:*}, case-insensitive;
     * an element may hold several, separated by commas or spaces (a {@code .cfg} file has no lists).
     *
     * @throws IllegalArgumentException naming an entry that is not of that form
     */
    ExecPolicy(Collection<String> alsoAllowed) {
        Set<String> entries = new LinkedHashSet<>(DEFAULT_ALLOWED);
        for (String element : alsoAllowed) {
            for (String entry : element.strip().split("[,\\s]+")) {
                if (entry.isEmpty()) {
                    continue;
                }
                String normal = entry.toLowerCase(Locale.ROOT);
                if (!ENTRY.matcher(normal).matches()) {
                    throw new IllegalArgumentException("exec endpoint: allowed command '" + entry + "' must be"
                            + " scope:function or scope:* (e.g. gogo:telnetd or felix:*)");
                }
                entries.add(normal);
            }
        }
        allowed = Set.copyOf(entries);
    }

    /** Decides whether {@code commandLine} may run, given the {@code commands} the shell has. */
    Decision decide(String commandLine, Set<String> commands) {
        List<String> words;
        try {
            words = plainWords(commandLine);
        } catch (IllegalArgumentException e) {
            return new Decision(e.getMessage() + "; " + ONE_PLAIN_COMMAND);
        }
        String name = words.get(0);
        if (!NAME.matcher(name).matches()) {
            return new Decision("'" + name + "' is not a command name (scope:function or function, unquoted); "
                    + ONE_PLAIN_COMMAND);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>();
        if (lower.contains(":")) {
            if (commands.contains(lower)) {
                candidates.add(lower);
            }
        } else {
            commands.stream().filter(command -> command.endsWith(":" + lower)).sorted().forEach(candidates::add);
        }
        if (candidates.isEmpty()) {
            return new Decision("no command " + name + " in this instance (bin/liaison exec help lists them)");
        }
        List<String> refused = candidates.stream().filter(command -> !isAllowed(command)).toList();
        if (!refused.isEmpty()) {
            return new Decision(String.join(", ", refused) + (refused.size() == 1 ? " is" : " are")
                    + " not allowed through exec (allowed: " + String.join(", ", allowedList())
                    + "). Commands that open listeners, run scripts, create objects, read files or change the"
                    + " framework are refused unless an admin allows them with " + CONFIGURATION + ", e.g. "
                    + "allowCommands=" + refused.get(0));
        }
        return new Decision(null);
    }

    private boolean isAllowed(String command) {
        return allowed.contains(command)
                || allowed.contains(command.substring(0, command.indexOf(':') + 1) + "*");
    }

    /** The allowed entries, sorted. */
    List<String> allowedList() {
        return allowed.stream().sorted().toList();
    }

    /**
     * The words of a command line written with nothing but words and simple quotes.
     *
     * @throws IllegalArgumentException naming the first character that is anything else, and where it is
     */
    static List<String> plainWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
                if (c == '=') {
                    throw refused(line, i, "a word may not start with '='");
                }
            }
            if (c == '\'' || c == '"') {
                // A quoted string is a word of its own: Gogo drops what follows the quote in 'a b'c.
                if (words.isEmpty()) {
                    throw refused(line, i, "the command name must not be quoted");
                }
                if (word.length() > 0) {
                    throw refused(line, i, "a quote must start a word");
                }
                int close = line.indexOf(c, i + 1);
                if (close < 0) {
                    throw refused(line, i, "the quote is not closed");
                }
                for (int j = i + 1; j < close; j++) {
                    char quoted = line.charAt(j);
                    if (Character.isISOControl(quoted) || quoted == '\\' || quoted == '`'
                            || (c == '"' && quoted == '$')) {
                        throw refused(line, j, "not allowed inside " + c + "..." + c);
                    }
                }
                if (close + 1 < line.length() && line.charAt(close + 1) != ' ' && line.charAt(close + 1) != '\t') {
                    throw refused(line, close + 1, "a quote must end a word");
                }
                words.add(line.substring(i + 1, close));
                word = null;
                i = close + 1;
                continue;
            }
            if (!Character.isLetterOrDigit(c) && PLAIN_PUNCTUATION.indexOf(c) < 0) {
                throw refused(line, i, "not a plain character");
            }
            word.append(c);
            i++;
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return words;
    }

    private static IllegalArgumentException refused(String line, int index, String why) {
        int c = line.codePointAt(index);
        String shown = Character.isISOControl(c) ? String.format("U+%04X", c) : "'" + Character.toString(c) + "'";
        return new IllegalArgumentException(shown + " at column " + (index + 1) + ": " + why);
    }
}
