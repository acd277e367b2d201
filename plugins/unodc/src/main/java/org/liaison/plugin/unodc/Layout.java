package org.liaison.plugin.unodc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two table layouts a UNODC seizure table comes in, told apart by their header row. Column names are matched
 * without regard to case or surrounding spaces, in any order; the header must hold exactly the layout's columns.
 */
enum Layout {

    /** The table as UNODC publishes it (the "annual drug seizures" download). */
    PUBLISHED("as UNODC publishes it",
            column("Region", Column.REGION),
            column("Country", Column.COUNTRY_NAME),
            column("ISO Code", Column.COUNTRY_CODE),
            column("Drug Group", Column.DRUG_GROUP),
            column("Drug", Column.DRUG),
            column("Year", Column.YEAR),
            column("KG Equivalent", Column.QUANTITY)),

    /** The dataUNODC portal's export. */
    DATA_UNODC("the dataUNODC layout",
            column("Region", Column.REGION),
            column("SubRegion", Column.SUB_REGION),
            column("Country/Territory", Column.COUNTRY_NAME),
            column("msCode", Column.COUNTRY_CODE),
            column("Drug group", Column.DRUG_GROUP),
            column("DrugSubGroup", Column.DRUG_SUB_GROUP),
            column("Drug", Column.DRUG),
            column("Year", Column.YEAR),
            column("Kilograms", Column.QUANTITY));

    /** What a column means, whatever the layout calls it. */
    enum Column {
        REGION, SUB_REGION, COUNTRY_NAME, COUNTRY_CODE, DRUG_GROUP, DRUG_SUB_GROUP, DRUG, YEAR, QUANTITY
    }

    private record Named(String name, Column column) {
    }

    private final String description;
    private final List<Named> columns;

    Layout(String description, Named... columns) {
        this.description = description;
        this.columns = List.of(columns);
    }

    private static Named column(String name, Column column) {
        return new Named(name, column);
    }

    /** The header row as the layout's documentation writes it, such as {@code Region,Country,...}. */
    String headerLine() {
        return String.join(",", headerNames());
    }

    /** The column names, in the layout's documented order. */
    List<String> headerNames() {
        return columns.stream().map(Named::name).toList();
    }

    /** Both expected headers, for error messages. */
    static String expectedHeaders() {
        List<String> expected = new ArrayList<>();
        for (Layout layout : values()) {
            expected.add("'" + layout.headerLine() + "' (" + layout.description + ")");
        }
        return String.join(" or ", expected);
    }

    /**
     * Finds the layout whose columns the header row names.
     *
     * @param names the cells of the header row, as the file writes them
     * @return the header, or empty when it is neither layout's
     */
    static Optional<Header> detect(List<String> names) {
        Map<String, Integer> positions = new HashMap<>();
        for (int index = 0; index < names.size(); index++) {
            if (positions.put(normalise(names.get(index)), index) != null) {
                return Optional.empty();
            }
        }
        for (Layout layout : values()) {
            if (layout.columns.size() != names.size()) {
                continue;
            }
            Map<Column, Integer> byColumn = new EnumMap<>(Column.class);
            for (Named named : layout.columns) {
                Integer position = positions.get(normalise(named.name));
                if (position == null) {
                    break;
                }
                byColumn.put(named.column, position);
            }
            if (byColumn.size() == layout.columns.size()) {
                return Optional.of(new Header(layout, List.copyOf(names), byColumn));
            }
        }
        return Optional.empty();
    }

    private static String normalise(String name) {
        String stripped = name.startsWith("\uFEFF") ? name.substring(1) : name;
        return stripped.strip().toLowerCase(Locale.ROOT);
    }

    /** A detected header: its layout, and where each column is in the file. */
    record Header(Layout layout, List<String> names, Map<Column, Integer> positions) {

        /** The number of columns every row must have. */
        int size() {
            return names.size();
        }

        /** The column's position in a row. */
        int position(Column column) {
            return positions.get(column);
        }

        /** The column's name as the file's header writes it, for error messages. */
        String nameOf(Column column) {
            return nameAt(position(column));
        }

        /** The name of the column at a position, as the file's header writes it, for error messages. */
        String nameAt(int position) {
            return names.get(position).replace("\uFEFF", "").strip();
        }
    }
}
