package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.function.Executable;

/** Valid objects to derive invalid ones from, and the assertion every validation test uses. */
final class Fixtures {

    private Fixtures() {
    }

    static Agreement.Builder agreement() {
        return Agreement.builder()
                .id("un-interpol-1997")
                .title("Co-operation Agreement between the United Nations and INTERPOL")
                .kind(AgreementKind.COOPERATION_AGREEMENT)
                .parties("un", "interpol")
                .areas(CooperationArea.EXCHANGE_OF_INFORMATION)
                .validity(ValidityWindow.of(LocalDate.of(1997, 7, 8), null))
                .status(AgreementStatus.IN_FORCE)
                .handlingCeiling(Tlp.AMBER);
    }

    static Agreement.Builder supplementary() {
        return agreement()
                .id("un-interpol-2009")
                .title("Supplementary Arrangement on peacekeeping operations")
                .kind(AgreementKind.SUPPLEMENTARY_AGREEMENT)
                .parties()
                .parent("un-interpol-1997");
    }

    static Exchange.Builder exchange() {
        return Exchange.builder()
                .id("x-42")
                .sender("interpol")
                .recipients("unpol")
                .area(CooperationArea.EXCHANGE_OF_INFORMATION)
                .purpose("peacekeeping-operations")
                .marking(HandlingMarking.of(Tlp.AMBER))
                .createdAt(Instant.parse("2024-03-01T10:15:30Z"));
    }

    static Partner.Builder partner() {
        return Partner.builder().id("unpol").name("UN Police").kind(PartnerKind.UN_BODY).parent("un");
    }

    static Project.Builder project() {
        return Project.builder().id("crimjust").name("CRIMJUST").leadingPartners("unodc", "interpol");
    }

    /**
     * Asserts that {@code build} throws an IllegalArgumentException whose message contains every one of
     * {@code fragments} (the field name, the expectation, the bad value), and returns the message.
     */
    static String assertRejected(Executable build, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        }
        return e.getMessage();
    }
}
