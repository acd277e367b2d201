package org.liaison.core.internal.agreement;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named regions from UN M49, the United Nations Statistics Division's "Standard Country or Area Codes for Statistical
 * Use": Western Africa is {@code 011}, the Caribbean {@code 029}, Latin America and the Caribbean {@code 419}. The
 * table ships as data ({@code un-m49.csv}, with its provenance in its header), not typed by hand. An agreement names a
 * region in its geographic scope as {@code M49:011}; the region stands for every country or area under it that has
 * an ISO 3166-1 code.
 */
final class M49 {

    /** How a geographic scope names a region: {@code M49:011}. */
    static final String PREFIX = "M49:";

    /**
     * A region of the table.
     *
     * @param code      the three-digit M49 code
     * @param name      its name in the table, such as {@code Western Africa}
     * @param countries the ISO alpha-2 codes of the countries and areas under it (itself, for a country)
     */
    record Region(String code, String name, Set<String> countries) {

        /** {@code Western Africa (M49:011)}. */
        String label() {
            return name + " (" + PREFIX + code + ")";
        }
    }

    private static final M49 TABLE = load();

    private final Map<String, Region> byCode;
    /** The smallest region (an intermediate region, else a subregion) each alpha-2 country lies in. */
    private final Map<String, Region> regionOfCountry;

    private M49(Map<String, Region> byCode, Map<String, Region> regionOfCountry) {
        this.byCode = byCode;
        this.regionOfCountry = regionOfCountry;
    }

    /** The region (not a country) with this M49 code, three digits, if the table has it. */
    static Optional<Region> region(String code) {
        return Optional.ofNullable(TABLE.byCode.get(code));
    }

    /** The smallest named region the alpha-2 country lies in, for messages: Germany lies in Western Europe. */
    static Optional<Region> regionOf(String alpha2) {
        return Optional.ofNullable(TABLE.regionOfCountry.get(alpha2));
    }

    /** Some regions by code, for an error message: {@code 011 Western Africa, 029 Caribbean, ...}. */
    static String examples() {
        return "M49:011 (Western Africa), M49:029 (Caribbean), M49:419 (Latin America and the Caribbean)";
    }

    private static M49 load() {
        try (InputStream in = M49.class.getResourceAsStream("un-m49.csv")) {
            if (in == null) {
                throw new IllegalStateException("un-m49.csv is missing from the core bundle");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read un-m49.csv", e);
        }
    }

    private record Row(String code, int type, String parent, String alpha3, String name) {
    }

    static M49 parse(BufferedReader lines) throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        boolean header = true;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() != 5) {
                throw new IllegalStateException("un-m49.csv: expected 5 fields, found " + fields.size() + ": " + line);
            }
            rows.put(fields.get(0), new Row(fields.get(0), Integer.parseInt(fields.get(1)), fields.get(2),
                    fields.get(3), fields.get(4)));
        }
        Map<String, Set<String>> countries = new HashMap<>();
        Map<String, Region> regionOfCountry = new HashMap<>();
        for (Row row : rows.values()) {
            if (row.type() != 4) {
                continue;
            }
            Optional<String> alpha2 = Countries.toAlpha2(row.alpha3());
            if (alpha2.isEmpty()) {
                continue; // an area without an ISO 3166-1 code of its own (Sark): no record names it
            }
            countries.computeIfAbsent(row.code(), c -> new TreeSet<>()).add(alpha2.get());
            for (Row parent = rows.get(row.parent()); parent != null; parent = rows.get(parent.parent())) {
                countries.computeIfAbsent(parent.code(), c -> new TreeSet<>()).add(alpha2.get());
            }
        }
        Map<String, Region> byCode = new HashMap<>();
        for (Row row : rows.values()) {
            Set<String> under = countries.getOrDefault(row.code(), Set.of());
            if (row.type() != 4 && !under.isEmpty()) {
                byCode.put(row.code(), new Region(row.code(), row.name(),
                        Collections.unmodifiableSet(new TreeSet<>(under))));
            }
        }
        for (Row row : rows.values()) {
            Region parent = byCode.get(row.parent());
            if (row.type() == 4 && parent != null) {
                countries.getOrDefault(row.code(), Set.of()).forEach(alpha2 -> regionOfCountry.put(alpha2, parent));
            }
        }
        return new M49(byCode, regionOfCountry);
    }

    /** The fields of one CSV line: commas separate, double quotes enclose a field with commas or quotes. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>(5);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** The code of a scope entry that names a region ({@code M49:011}, any case), or null for a country. */
    static String codeIn(String scopeEntry) {
        return scopeEntry.toUpperCase(Locale.ROOT).startsWith(PREFIX) ? scopeEntry.substring(PREFIX.length()) : null;
    }
}
