package org.liaison.plugin.unpeacekeeping;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;

/**
 * ISO 3166-1 codes as ACLED needs them: its {@code iso} column holds the numeric code ({@code 706} for Somalia),
 * the model wants alpha-2 ({@code SO}). {@link Locale} knows alpha-2 and alpha-3 but no numeric codes, so the
 * numeric table is read from {@code iso3166-numeric.csv} next to this class (taken from Debian's iso-codes).
 * Immutable once built; one shared instance.
 */
final class CountryCodes {

    private static final String TABLE = "iso3166-numeric.csv";

    static final CountryCodes ISO = load();

    private final Map<Integer, String> alpha2ByNumeric;
    private final Map<String, Integer> numericByAlpha2;
    private final Map<String, String> alpha2ByAlpha3;
    private final Map<String, String> alpha2ByName;

    private CountryCodes(Map<Integer, String> alpha2ByNumeric, Map<String, String> alpha2ByName) {
        this.alpha2ByNumeric = Map.copyOf(alpha2ByNumeric);
        Map<String, Integer> numeric = new HashMap<>();
        alpha2ByNumeric.forEach((code, alpha2) -> numeric.put(alpha2, code));
        this.numericByAlpha2 = Map.copyOf(numeric);
        Map<String, String> byAlpha3 = new HashMap<>();
        Map<String, String> byName = new HashMap<>(alpha2ByName);
        for (String alpha2 : Locale.getISOCountries()) {
            Locale country = new Locale("", alpha2);
            try {
                byAlpha3.put(country.getISO3Country(), alpha2);
            } catch (MissingResourceException e) {
                // A code without an alpha-3 equivalent: nothing to map.
            }
            byName.putIfAbsent(key(country.getDisplayCountry(Locale.ENGLISH)), alpha2);
        }
        this.alpha2ByAlpha3 = Map.copyOf(byAlpha3);
        this.alpha2ByName = Map.copyOf(byName);
    }

    private static CountryCodes load() {
        Map<Integer, String> byNumeric = new HashMap<>();
        Map<String, String> byName = new HashMap<>();
        try (InputStream in = CountryCodes.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks its resource " + TABLE);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(",", 3);
                byNumeric.put(Integer.valueOf(cells[0]), cells[1]);
                byName.put(key(cells[2]), cells[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle's resource " + TABLE, e);
        }
        return new CountryCodes(byNumeric, byName);
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** The alpha-2 code of a numeric code, or null when the number is not a country's. */
    String alpha2OfNumeric(int numeric) {
        return alpha2ByNumeric.get(numeric);
    }

    /** The alpha-2 code of an alpha-3 code, or null when unknown. */
    String alpha2OfAlpha3(String alpha3) {
        return alpha2ByAlpha3.get(alpha3);
    }

    /**
     * The alpha-2 code of a country's English name, as the ISO table or Java's {@link Locale} writes it (without
     * regard to case), or null when no country has that name.
     */
    String alpha2OfName(String name) {
        return alpha2ByName.get(key(name));
    }

    /**
     * The numeric code of a model country code, alpha-2 or alpha-3, or null when the code is not in the ISO table.
     */
    Integer numericOf(String code) {
        String alpha2 = code.length() == 3 ? alpha2OfAlpha3(code) : code;
        return alpha2 == null ? null : numericByAlpha2.get(alpha2);
    }

    /** The alpha-2 codes the table knows, for tests. */
    Set<String> alpha2Codes() {
        return Set.copyOf(numericByAlpha2.keySet());
    }
}
