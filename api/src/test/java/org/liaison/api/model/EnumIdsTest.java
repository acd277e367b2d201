package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.api.model.Fixtures.assertRejected;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class EnumIdsTest {

    private static <E extends Enum<E>> void checkIds(E[] values, Function<E, String> id, Function<String, E> fromId) {
        Set<String> seen = new HashSet<>();
        for (E value : values) {
            String text = id.apply(value);
            assertTrue(text.matches("[a-z][a-z-]*"), () -> "id '" + text + "' of " + value.name());
            assertTrue(seen.add(text), () -> "duplicate id '" + text + "'");
            assertEquals(text, value.toString());
            assertEquals(value, fromId.apply(text));
        }
        String first = id.apply(values[0]);
        // ids are exact: no case folding, no trimming
        assertRejected(() -> fromId.apply(first.toUpperCase()), "'" + first.toUpperCase() + "'", first);
        assertRejected(() -> fromId.apply(first + " "), first);
        assertRejected(() -> fromId.apply(null), "'null'", first);
    }

    @Test
    void idsAreStableLowerCaseAndReadBack() {
        checkIds(PartnerKind.values(), PartnerKind::id, PartnerKind::fromId);
        checkIds(AgreementKind.values(), AgreementKind::id, AgreementKind::fromId);
        checkIds(CooperationArea.values(), CooperationArea::id, CooperationArea::fromId);
        checkIds(AgreementStatus.values(), AgreementStatus::id, AgreementStatus::fromId);
        checkIds(OnwardTransfer.values(), OnwardTransfer::id, OnwardTransfer::fromId);
    }

    @Test
    void idsAreThoseOfTheSpecification() {
        assertEquals(CooperationArea.EXCHANGE_OF_INFORMATION, CooperationArea.fromId("information-exchange"));
        assertEquals(CooperationArea.ACCESS_TO_DATABASES, CooperationArea.fromId("database-access"));
        assertEquals(PartnerKind.INTERNATIONAL_ORGANISATION, PartnerKind.fromId("international-organisation"));
        assertEquals(AgreementStatus.IN_FORCE, AgreementStatus.fromId("in-force"));
        assertEquals(OnwardTransfer.WITH_ORIGINATOR_CONSENT, OnwardTransfer.fromId("with-originator-consent"));
        assertEquals(AgreementKind.MEMORANDUM_OF_UNDERSTANDING, AgreementKind.fromId("memorandum-of-understanding"));
    }

    @Test
    void unknownIdMessageNamesTheKindOfValue() {
        assertRejected(() -> CooperationArea.fromId("espionage"), "cooperation area", "'espionage'",
                "information-exchange");
    }
}
