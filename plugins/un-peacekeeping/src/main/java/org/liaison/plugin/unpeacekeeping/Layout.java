package org.liaison.plugin.unpeacekeeping;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The ACLED export layouts, told apart by the header row. Column names are matched without regard to case or
 * surrounding spaces and may come in any order; columns this format does not know are ignored.
 */
enum Layout {

    /** Since ACLED's 2023 methodology: {@code disorder_type} and {@code tags}, dates such as {@code 2025-04-01}. */
    CURRENT("the current ACLED layout", "a date like 2025-04-01"),

    /**
     * Earlier exports: no {@code disorder_type} nor {@code tags}, dates such as {@code 21 March 2020}, actor types
     * as numeric codes ({@code inter1} 1 to 8).
     */
    OLDER("an older ACLED layout", "a date like 21 March 2020");

    /** The columns this format knows, in the order of the current layout (the order {@code encode} writes). */
    enum Column {
        EVENT_ID_CNTY, EVENT_DATE, YEAR, TIME_PRECISION, DISORDER_TYPE, EVENT_TYPE, SUB_EVENT_TYPE, ACTOR1,
        ASSOC_ACTOR_1, INTER1, ACTOR2, ASSOC_ACTOR_2, INTER2, INTERACTION, CIVILIAN_TARGETING, ISO, REGION, COUNTRY,
        ADMIN1, ADMIN2, ADMIN3, LOCATION, LATITUDE, LONGITUDE, GEO_PRECISION, SOURCE, SOURCE_SCALE, NOTES,
        FATALITIES, TAGS, TIMESTAMP,
        /** Older layouts only: the alpha-3 country code. Not written. */
        ISO3;

        /** The column's name as ACLED writes it, such as {@code event_id_cnty}. */
        String acledName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Whether the column holds text. The others are written from numbers and dates (a latitude of
         * {@code -12.5} stays a number) and are read as numbers and dates; text cells are written and read through
         * {@link SpreadsheetFormulas}.
         */
        boolean holdsText() {
            return switch (this) {
                case EVENT_DATE, YEAR, ISO, LATITUDE, LONGITUDE, GEO_PRECISION, FATALITIES -> false;
                default -> true;
            };
        }

        /** The columns {@code encode} writes: the current layout's 31, in its order. */
        static List<Column> written() {
            return Stream.of(values()).filter(column -> column != ISO3).toList();
        }
    }

    /** The columns without which a header is not an ACLED export. */
    static final List<Column> REQUIRED = List.of(Column.EVENT_ID_CNTY, Column.EVENT_DATE, Column.EVENT_TYPE,
            Column.ACTOR1, Column.COUNTRY, Column.LATITUDE, Column.LONGITUDE, Column.FATALITIES);

    private final String description;
    private final String dateExample;

    Layout(String description, String dateExample) {
        this.description = description;
        this.dateExample = dateExample;
    }

    /** For messages, such as "the current ACLED layout". */
    String description() {
        return description;
    }

    /** What a date looks like in this layout, for error messages: "a date like 2025-04-01". */
    String dateExample() {
        return dateExample;
    }

    /** The header every layout must have at least, for error messages. */
    static String requiredColumns() {
        return String.join(",", REQUIRED.stream().map(Column::acledName).toList());
    }

    /**
     * Reads a header row.
     *
     * @param names the cells of the header row, as the file writes them
     * @return the header, or empty when it names a column twice or lacks one of the {@link #REQUIRED} columns
     */
    static Optional<Header> detect(List<String> names) {
        Map<String, Integer> positions = new HashMap<>();
        for (int index = 0; index < names.size(); index++) {
            if (positions.put(normalise(names.get(index)), index) != null) {
                return Optional.empty();
            }
        }
        Map<Column, Integer> byColumn = new EnumMap<>(Column.class);
        for (Column column : Column.values()) {
            Integer position = positions.get(column.acledName());
            if (position != null) {
                byColumn.put(column, position);
            }
        }
        if (!byColumn.keySet().containsAll(REQUIRED)) {
            return Optional.empty();
        }
        Layout layout = byColumn.containsKey(Column.DISORDER_TYPE) ? CURRENT : OLDER;
        return Optional.of(new Header(layout, List.copyOf(names), byColumn));
    }

    private static String normalise(String name) {
        String stripped = name.startsWith("\uFEFF") ? name.substring(1) : name;
        return stripped.strip().toLowerCase(Locale.ROOT);
    }

    /** A detected header: its layout, and where each known column is in the file. */
    record Header(Layout layout, List<String> names, Map<Column, Integer> positions) {

        /** The number of cells every row must have. */
        int size() {
            return names.size();
        }

        /** Whether the file has the column. */
        boolean has(Column column) {
            return positions.containsKey(column);
        }

        /** The column's position in a row; the column must be {@link #has(Column) present}. */
        int position(Column column) {
            return positions.get(column);
        }

        /** The column's name as the file's header writes it (or ACLED's name when absent), for error messages. */
        String nameOf(Column column) {
            Integer position = positions.get(column);
            return position == null ? column.acledName() : nameAt(position);
        }

        /** The name of the column at a position, as the file's header writes it, for error messages. */
        String nameAt(int position) {
            return names.get(position).replace("\uFEFF", "").strip();
        }

        /** The header as one line, for error messages (at most 200 characters). */
        String line() {
            String line = String.join(",", names).replace("\uFEFF", "");
            return line.length() <= 200 ? line : line.substring(0, 197) + "...";
        }
    }
}
