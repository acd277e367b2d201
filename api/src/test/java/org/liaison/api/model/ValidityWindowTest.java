package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.api.model.Fixtures.assertRejected;

import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ValidityWindowTest {

    private static final LocalDate FROM = LocalDate.of(2009, 10, 13);
    private static final LocalDate UNTIL = LocalDate.of(2019, 12, 31);

    @Test
    void containsBothEnds() {
        ValidityWindow window = ValidityWindow.of(FROM, UNTIL);
        assertFalse(window.contains(FROM.minusDays(1)));
        assertTrue(window.contains(FROM));
        assertTrue(window.contains(UNTIL));
        assertFalse(window.contains(UNTIL.plusDays(1)));
    }

    @Test
    void openEndedWindowContainsEveryLaterDay() {
        ValidityWindow window = ValidityWindow.of(FROM, null);
        assertEquals(Optional.empty(), window.until());
        assertTrue(window.contains(LocalDate.of(9999, 12, 31)));
        assertFalse(window.contains(FROM.minusDays(1)));
    }

    @Test
    void singleDayWindowIsValid() {
        assertTrue(ValidityWindow.of(FROM, FROM).contains(FROM));
    }

    @Test
    void rejectsUntilBeforeFrom() {
        assertRejected(() -> ValidityWindow.of(FROM, FROM.minusDays(1)), "ValidityWindow", "'until'",
                "must not be before from (2009-10-13)", "2009-10-12");
    }

    @Test
    void requiresFrom() {
        assertRejected(() -> ValidityWindow.builder().until(UNTIL).build(), "ValidityWindow", "'from'", "required");
    }

    @Test
    void valueSemanticsAndIsoToString() {
        assertEquals(ValidityWindow.of(FROM, UNTIL), ValidityWindow.of(FROM, UNTIL));
        assertEquals(ValidityWindow.of(FROM, UNTIL).hashCode(), ValidityWindow.of(FROM, UNTIL).hashCode());
        assertNotEquals(ValidityWindow.of(FROM, UNTIL), ValidityWindow.of(FROM, null));
        assertEquals("2009-10-13/2019-12-31", ValidityWindow.of(FROM, UNTIL).toString());
        assertEquals("2009-10-13/..", ValidityWindow.of(FROM, null).toString());
        ValidityWindow window = ValidityWindow.of(FROM, UNTIL);
        assertEquals(window, window.toBuilder().build());
        assertEquals(ValidityWindow.of(FROM, null), window.toBuilder().until(null).build());
    }
}
