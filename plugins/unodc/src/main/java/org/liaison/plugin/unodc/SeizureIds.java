package org.liaison.plugin.unodc;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Derives the record ids of one table's rows from their content, as {@link SeizuresCsvFormat} documents them:
 * {@code unodc-<country code>-<year>-<drug slug>}, with {@code #<n>} added to the n-th row (n from 2) that has
 * the same id within the table. One instance per decoded table.
 */
final class SeizureIds {

    static final String PREFIX = "unodc-";
    private static final int MAX_SLUG_LENGTH = 200;
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /**
     * How often each id has been seen so far, keyed by a 64-bit fingerprint of the id rather than the id itself,
     * so that a table of a million rows needs tens of megabytes, not hundreds. Two different ids sharing a
     * fingerprint is about a one-in-ten-million chance even for a million rows; the ids stay deterministic even
     * then.
     */
    private final Map<Long, Integer> seen = new HashMap<>();

    /** The id of the next row with this country code, year and drug. */
    String next(String countryCode, int year, String drug) {
        String base = PREFIX + countryCode + "-" + year + "-" + slug(drug);
        int occurrence = seen.merge(fingerprint(base), 1, Integer::sum);
        return occurrence == 1 ? base : base + "#" + occurrence;
    }

    /**
     * The drug's name in lower case, accents removed, each run of characters other than letters and digits
     * replaced by one hyphen: {@code Cocaine (base, paste and salts)} becomes {@code cocaine-base-paste-and-salts}.
     * At most 200 characters; {@code _} when nothing is left.
     */
    static String slug(String drug) {
        String plain = MARKS.matcher(Normalizer.normalize(drug, Normalizer.Form.NFKD)).replaceAll("");
        String slug = NOT_LETTER_OR_DIGIT.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("-");
        if (slug.length() > MAX_SLUG_LENGTH) {
            int end = Character.isHighSurrogate(slug.charAt(MAX_SLUG_LENGTH - 1)) ? MAX_SLUG_LENGTH - 1
                    : MAX_SLUG_LENGTH;
            slug = slug.substring(0, end);
        }
        slug = trimHyphens(slug);
        return slug.isEmpty() ? "_" : slug;
    }

    private static String trimHyphens(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }

    /** FNV-1a, 64 bits, over the id's UTF-8 bytes. */
    private static long fingerprint(String id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
