package org.liaison.plugin.unsc;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Country names as the Consolidated List writes them, to and from ISO 3166-1 alpha-2 codes.
 *
 * <p>Names are matched after normalisation (case, accents, spacing, curly apostrophes, {@code &} for {@code and}, a
 * leading {@code the}) against the English names of {@link Locale#getISOCountries() Java's ISO table}, then against a
 * small table of the United Nations' own spellings ({@code Iran (Islamic Republic of)}, {@code Viet Nam}...), former
 * names the list still uses ({@code Libyan Arab Jamahiriya}) and the demonyms some nationality entries give
 * ({@code Afghan}). Anything else, such as {@code Bahrain (citizenship revoked in Jan. 2015)} or
 * {@code Sudan/South Sudan}, is not a country: {@link #code(String)} gives null and the caller decides.
 */
final class Countries {

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private static final Map<String, String> BY_NAME = new HashMap<>();
    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
            BY_NAME.putIfAbsent(normalise(name), code);
            NAMES.put(code, name);
        }
        // The UN's short names, which encode() writes for these codes.
        official("BO", "Bolivia (Plurinational State of)");
        official("BN", "Brunei Darussalam");
        official("CD", "Democratic Republic of the Congo");
        official("CG", "Congo");
        official("CI", "Côte d'Ivoire");
        official("CZ", "Czechia");
        official("FM", "Micronesia (Federated States of)");
        official("GB", "United Kingdom of Great Britain and Northern Ireland");
        official("HK", "China, Hong Kong Special Administrative Region");
        official("MO", "China, Macao Special Administrative Region");
        official("IR", "Iran (Islamic Republic of)");
        official("KP", "Democratic People's Republic of Korea");
        official("KR", "Republic of Korea");
        official("LA", "Lao People's Democratic Republic");
        official("MD", "Republic of Moldova");
        official("MK", "North Macedonia");
        official("MM", "Myanmar");
        official("PS", "State of Palestine");
        official("RU", "Russian Federation");
        official("SY", "Syrian Arab Republic");
        official("TZ", "United Republic of Tanzania");
        official("US", "United States of America");
        official("VE", "Venezuela (Bolivarian Republic of)");
        official("VN", "Viet Nam");
        official("TR", "Turkey");
        official("SZ", "Eswatini");
        official("CV", "Cabo Verde");
        // Other spellings found in the list, read but never written.
        alias("TR", "Türkiye");
        alias("HK", "Hong Kong Special Administrative Region");
        alias("KP", "DPRK");
        alias("KP", "RPDC");
        alias("LY", "Libyan Arab Jamahiriya");
        alias("OM", "Sultanate of Oman");
        alias("KM", "Union of the Comoros");
        alias("PS", "Palestinian Territories");
        alias("PS", "Palestine");
        alias("TZ", "Tanzania");
        alias("IR", "Iran");
        alias("NL", "Netherlands");
        alias("CZ", "Czech Republic");
        alias("SZ", "Swaziland");
        alias("MK", "The former Yugoslav Republic of Macedonia");
        alias("CD", "Congo, Democratic Republic of the");
        // Demonyms, which some NATIONALITY entries give instead of a country.
        alias("AF", "Afghan");
        alias("DZ", "Algerian");
        alias("BH", "Bahraini");
        alias("GB", "British");
        alias("EG", "Egyptian");
        alias("FR", "French");
        alias("DE", "German");
        alias("ID", "Indonesian");
        alias("IQ", "Iraqi");
        alias("JO", "Jordanian");
        alias("KW", "Kuwaiti");
        alias("LY", "Libyan");
        alias("MA", "Moroccan");
        alias("PK", "Pakistani");
        alias("PS", "Palestinian");
        alias("SA", "Saudi Arabian");
        alias("SA", "Saudi");
        alias("SO", "Somali");
        alias("SD", "Sudanese");
        alias("SY", "Syrian");
        alias("TN", "Tunisian");
        alias("YE", "Yemeni");
    }

    private Countries() {
    }

    private static void official(String code, String name) {
        alias(code, name);
        NAMES.put(code, name);
    }

    private static void alias(String code, String name) {
        BY_NAME.put(normalise(name), code);
    }

    /** The ISO 3166-1 alpha-2 code of a country name as the list writes it, or null when it names no country. */
    static String code(String name) {
        return name == null ? null : BY_NAME.get(normalise(name));
    }

    /**
     * The name encode() writes for a code, or null when the code has none that {@link #code(String)} reads back (a
     * code outside ISO 3166-1 such as {@code XK}).
     */
    static String name(String code) {
        String name = NAMES.get(code);
        return name != null && code.equals(code(name)) ? name : null;
    }

    static String normalise(String name) {
        String text = Normalizer.normalize(name, Normalizer.Form.NFD);
        text = MARKS.matcher(text).replaceAll("");
        text = SPACES.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'').replace(" & ", " and ");
        return text.startsWith("the ") ? text.substring(4) : text;
    }
}
