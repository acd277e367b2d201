package org.liaison.core.internal.agreement;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ISO 3166-1 country codes: partners send alpha-2 ({@code GH}) or alpha-3 ({@code GHA}, as UNODC does); agreements
 * hold alpha-2. The table is the JDK's own list of ISO countries.
 */
final class Countries {

    private static final Set<String> ALPHA_2 = Set.of(Locale.getISOCountries());
    private static final Map<String, String> ALPHA_3_TO_2 = new HashMap<>();

    static {
        for (String alpha2 : ALPHA_2) {
            ALPHA_3_TO_2.put(new Locale("", alpha2).getISO3Country(), alpha2);
        }
        // Kosovo has no ISO code yet; UN and INTERPOL data use these user-assigned ones.
        ALPHA_3_TO_2.put("XKX", "XK");
    }

    private Countries() {
    }

    /** The alpha-2 code of an alpha-2 or alpha-3 code, in any case; empty when it names no country. */
    static Optional<String> toAlpha2(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String upper = code.trim().toUpperCase(Locale.ROOT);
        if (upper.length() == 2) {
            return ALPHA_2.contains(upper) || upper.equals("XK") ? Optional.of(upper) : Optional.empty();
        }
        return Optional.ofNullable(ALPHA_3_TO_2.get(upper));
    }
}
