package org.liaison.plugin.unpeacekeeping;

/**
 * Keeps text cells from running as formulas when a CSV file this format writes is opened in a spreadsheet (CSV
 * injection, <a href="https://owasp.org/www-community/attacks/CSV_Injection">OWASP</a>): a text cell that begins
 * with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is written with a single quote
 * {@code '} in front, which spreadsheets show as text.
 *
 * <p>So that decoding what is written gives back the same text, the quote is also put in front of text that
 * already begins with quotes followed by one of those characters ({@code '=A1} is written {@code ''=A1}), and
 * reading takes one quote off a cell that begins with one or more quotes followed by one of those characters, and
 * off no other cell. Text that begins with a quote followed by anything else ({@code 'Ndrangheta}) is written and
 * read as it is. The one cost: a partner cell such as {@code '=A1}, written by a tool that neutralises formulas the
 * same way, reads as {@code =A1}, which is what that tool meant.
 */
final class SpreadsheetFormulas {

    /** The characters that make a spreadsheet read a cell as a formula, when they begin it. */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private SpreadsheetFormulas() {
    }

    /** The cell for a text value: the value, with a quote in front when a spreadsheet could run it (null stays). */
    static String neutralise(String text) {
        return text != null && formulaAfterQuotes(text, 0) ? "'" + text : text;
    }

    /** The text of a text cell that {@link #neutralise} may have written: the cell without the quote it added. */
    static String restore(String cell) {
        return cell != null && cell.startsWith("'") && formulaAfterQuotes(cell, 1) ? cell.substring(1) : cell;
    }

    /** Whether the text, from {@code start}, is quotes (or none) followed by a character that starts a formula. */
    private static boolean formulaAfterQuotes(String text, int start) {
        int at = start;
        while (at < text.length() && text.charAt(at) == '\'') {
            at++;
        }
        return at < text.length() && FORMULA_STARTS.indexOf(text.charAt(at)) >= 0;
    }
}
