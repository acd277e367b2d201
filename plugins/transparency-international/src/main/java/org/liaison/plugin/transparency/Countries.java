package org.liaison.plugin.transparency;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * BODS {@code Country} and {@code Jurisdiction} objects to and from ISO 3166-1 alpha-2 codes.
 *
 * <p>A BODS country SHOULD have a two-letter {@code code} and MUST have a {@code name}. The code is used when it is
 * an ISO 3166-1 alpha-2 code (in any case) or, as some publishers write it, an alpha-3 code; otherwise the name is
 * matched, after normalisation (case, accents, spacing, a leading {@code the} or {@code Republic of}), against the
 * English names of {@link Locale#getISOCountries() Java's ISO table} and a few common official names
 * ({@code Russian Federation}, {@code Viet Nam}...). Anything else gives null and the caller decides.
 */
final class Countries {

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern ALPHA_2 = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern ALPHA_3 = Pattern.compile("[A-Za-z]{3}");

    private static final Map<String, String> BY_NAME = new HashMap<>();
    private static final Map<String, String> BY_ALPHA_3 = new HashMap<>();
    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            Locale locale = new Locale.Builder().setRegion(code).build();
            String name = locale.getDisplayCountry(Locale.ENGLISH);
            NAMES.put(code, name);
            BY_NAME.putIfAbsent(normalise(name), code);
            BY_ALPHA_3.put(locale.getISO3Country(), code);
        }
        alias("BO", "Bolivia (Plurinational State of)");
        alias("CD", "Democratic Republic of the Congo");
        alias("CI", "Cote d'Ivoire");
        alias("CZ", "Czech Republic");
        alias("GB", "United Kingdom of Great Britain and Northern Ireland");
        alias("GB", "Great Britain");
        alias("IR", "Iran (Islamic Republic of)");
        alias("KP", "Democratic People's Republic of Korea");
        alias("KR", "Republic of Korea");
        alias("LA", "Lao People's Democratic Republic");
        alias("MD", "Republic of Moldova");
        alias("RU", "Russian Federation");
        alias("SY", "Syrian Arab Republic");
        alias("TZ", "United Republic of Tanzania");
        alias("US", "United States of America");
        alias("VE", "Venezuela (Bolivarian Republic of)");
        alias("VN", "Viet Nam");
    }

    private Countries() {
    }

    private static void alias(String code, String name) {
        BY_NAME.put(normalise(name), code);
    }

    /**
     * The alpha-2 code for a BODS country's {@code code} and {@code name}, either of which may be null; null when
     * neither names a country.
     */
    static String code(String code, String name) {
        if (code != null) {
            String upper = code.strip().toUpperCase(Locale.ROOT);
            if (ALPHA_2.matcher(upper).matches() && NAMES.containsKey(upper)) {
                return upper;
            }
            if (ALPHA_3.matcher(upper).matches() && BY_ALPHA_3.containsKey(upper)) {
                return BY_ALPHA_3.get(upper);
            }
        }
        return name == null ? null : byName(name);
    }

    /** The alpha-2 code of an ISO 3166-1 alpha-3 code, or null. */
    static String fromAlpha3(String alpha3) {
        return BY_ALPHA_3.get(alpha3);
    }

    /** The alpha-3 code of an ISO 3166-1 alpha-2 code, or null when Java's table has none. */
    static String alpha3(String alpha2) {
        for (Map.Entry<String, String> entry : BY_ALPHA_3.entrySet()) {
            if (entry.getValue().equals(alpha2)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** The English name written for a code: Java's ISO table name, or the code itself when it has none. */
    static String name(String code) {
        return NAMES.getOrDefault(code, code);
    }

    private static String byName(String name) {
        String normal = normalise(name);
        String code = BY_NAME.get(normal);
        if (code == null && normal.startsWith("republic of ")) {
            code = BY_NAME.get(normal.substring("republic of ".length()));
        }
        return code;
    }

    static String normalise(String name) {
        String text = Normalizer.normalize(name, Normalizer.Form.NFD);
        text = MARKS.matcher(text).replaceAll("");
        text = SPACES.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'').replace(" & ", " and ");
        return text.startsWith("the ") ? text.substring(4) : text;
    }
}
