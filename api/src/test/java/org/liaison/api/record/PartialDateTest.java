package org.liaison.api.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.liaison.api.record.RecordFixtures.assertRejected;

import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartialDateTest {

    @ParameterizedTest
    @CsvSource({
        "1979, 1979, YEAR",
        "1979-01, 1979-01, MONTH",
        "1979/01, 1979-01, MONTH",
        "1979-01-17, 1979-01-17, DAY",
        "1979/01/17, 1979-01-17, DAY",
        "1980/02/29, 1980-02-29, DAY",
        "0800, 0800, YEAR"})
    void parsesTheAcceptedForms(String text, String iso, PartialDate.Precision precision) {
        PartialDate date = PartialDate.parse(text);
        assertEquals(iso, date.toString());
        assertEquals(precision, date.precision());
        assertEquals(date, PartialDate.parse(date.toString()), "toString reads back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "79", "979", "19790", "1979-1", "1979-1-17", "1979-01-7", "1979/01-17", "1979-01/17",
        " 1979", "1979 ", "1979.01.17", "17/01/1979", "1979-01-17T00:00", "-1979", "１９７９"})
    void rejectsMalformedText(String text) {
        assertRejected(() -> PartialDate.parse(text), "PartialDate", "cannot read '" + text + "'", "YYYY-MM-DD");
    }

    @Test
    void rejectsDatesThatAreNotOnTheCalendar() {
        assertRejected(() -> PartialDate.parse("1979/13/01"), "'1979/13/01'", "'month'", "1 to 12", "got 13");
        assertRejected(() -> PartialDate.parse("1979/02/30"), "'1979/02/30'", "'day'", "1979-02", "1 to 28",
                "got 30");
        assertRejected(() -> PartialDate.parse("1979-02-29"), "'day'", "got 29");
        assertRejected(() -> PartialDate.parse("1979-00"), "'month'", "got 0");
        assertRejected(() -> PartialDate.parse("1979-04-31"), "'day'", "1 to 30");
        assertRejected(() -> PartialDate.parse("1979-04-00"), "'day'", "got 0");
        assertRejected(() -> PartialDate.parse("0000"), "'year'", "1 to 9999");
        assertRejected(() -> PartialDate.parse(null), "PartialDate", "nothing");
    }

    @Test
    void builderRejectsADayWithoutAMonthAndYearsOutOfRange() {
        assertRejected(() -> PartialDate.builder().year(1979).day(17).build(), "PartialDate", "'day'",
                "requires a month");
        assertRejected(() -> PartialDate.of(10000), "'year'", "got 10000");
        assertRejected(() -> PartialDate.builder().build(), "'year'", "got 0");
        assertRejected(() -> PartialDate.of(1979, 13), "'month'", "got 13");
    }

    @Test
    void neverInventsADay() {
        assertEquals(Optional.empty(), PartialDate.of(1979).toLocalDate());
        assertEquals(Optional.empty(), PartialDate.of(1979, 1).toLocalDate());
        assertEquals(Optional.of(LocalDate.of(1979, 1, 17)), PartialDate.of(1979, 1, 17).toLocalDate());
        assertEquals(Optional.empty(), PartialDate.of(1979).month());
        assertEquals(Optional.empty(), PartialDate.of(1979, 1).day());
    }

    @Test
    void factoriesAndValueSemantics() {
        assertEquals(PartialDate.parse("1979-01-17"), PartialDate.of(1979, 1, 17));
        assertEquals(PartialDate.of(1979, 1, 17), PartialDate.of(LocalDate.of(1979, 1, 17)));
        assertEquals(PartialDate.of(1979, 1, 17).hashCode(), PartialDate.parse("1979/01/17").hashCode());
        assertNotEquals(PartialDate.of(1979), PartialDate.of(1979, 1));
        assertNotEquals(PartialDate.of(1979, 1), PartialDate.of(1979, 1, 1), "a month is not its first day");
        PartialDate date = PartialDate.of(1979, 1);
        assertEquals(date, date.toBuilder().build());
        assertEquals(PartialDate.of(1979, 1, 2), date.toBuilder().day(2).build());
        assertEquals(1979, date.year());
        assertEquals(Optional.of(1), date.month());
    }

    @Test
    void precisionIds() {
        for (PartialDate.Precision precision : PartialDate.Precision.values()) {
            assertEquals(precision, PartialDate.Precision.fromId(precision.id()));
            assertEquals(precision.id(), precision.toString());
        }
        assertRejected(() -> PartialDate.Precision.fromId("week"), "'week'", "year");
    }

    @Test
    void earliestAndLatestDays() {
        assertEquals(LocalDate.of(1979, 1, 1), PartialDate.of(1979).earliestDay());
        assertEquals(LocalDate.of(1979, 12, 31), PartialDate.of(1979).latestDay());
        assertEquals(LocalDate.of(1980, 2, 29), PartialDate.of(1980, 2).latestDay());
        assertEquals(LocalDate.of(1979, 1, 17), PartialDate.of(1979, 1, 17).latestDay());
    }
}
