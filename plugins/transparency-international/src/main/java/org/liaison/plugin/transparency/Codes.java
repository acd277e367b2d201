package org.liaison.plugin.transparency;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * BODS codelist values in the model's spelling. BODS 0.2 and 0.3 write codes in kebab case
 * ({@code voting-rights}, {@code no-beneficial-owners}); BODS 0.4 writes the same codes in camel case
 * ({@code votingRights}, {@code noBeneficialOwners}). The model keeps one spelling, kebab case, so that the same
 * interest reads the same from either version; encoding for 0.4 turns it back into camel case.
 */
final class Codes {

    private static final Pattern CAMEL = Pattern.compile("[a-z][a-z0-9]*([A-Z][a-z0-9]*)+");
    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)+");

    /** Trust interests that BODS 0.4 renamed; the model uses the 0.4 names. */
    private static final Map<String, String> RENAMED = Map.of(
            "settlor-of-trust", "settlor",
            "trustee-of-trust", "trustee",
            "protector-of-trust", "protector",
            "beneficiary-of-trust", "beneficiary-of-legal-arrangement");

    private Codes() {
    }

    /** A code as the model spells it: {@code votingRights} and {@code voting-rights} both give {@code voting-rights}. */
    static String toModel(String code) {
        String kebab = code;
        if (CAMEL.matcher(code).matches()) {
            StringBuilder text = new StringBuilder(code.length() + 8);
            for (char c : code.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    text.append('-').append(Character.toLowerCase(c));
                } else {
                    text.append(c);
                }
            }
            kebab = text.toString();
        }
        return RENAMED.getOrDefault(kebab, kebab);
    }

    /** A model code as BODS 0.4 spells it: {@code voting-rights} gives {@code votingRights}; others are unchanged. */
    static String toBods04(String code) {
        if (!KEBAB.matcher(code).matches()) {
            return code;
        }
        StringBuilder text = new StringBuilder(code.length());
        boolean upper = false;
        for (char c : code.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                text.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return text.toString();
    }
}
