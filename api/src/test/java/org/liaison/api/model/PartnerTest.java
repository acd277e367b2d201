package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.liaison.api.model.Fixtures.assertRejected;
import static org.liaison.api.model.Fixtures.partner;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class PartnerTest {

    @Test
    void buildsAValidPartner() {
        Partner unpol = partner().build();
        assertEquals("unpol", unpol.id());
        assertEquals("UN Police", unpol.name());
        assertEquals(PartnerKind.UN_BODY, unpol.kind());
        assertEquals(Optional.of("un"), unpol.parent());
        assertEquals(Optional.empty(), unpol.country());
        assertEquals("Partner[unpol (un-body, part of un): UN Police]", unpol.toString());
    }

    @Test
    void rejectsIdsThatAreNotSlugs() {
        assertRejected(() -> partner().id("UNPOL").build(), "Partner 'UNPOL'", "'id'", "[a-z0-9][a-z0-9._-]*");
        assertRejected(() -> partner().id("un pol").build(), "'id'", "'un pol'");
        assertRejected(() -> partner().id("-unpol").build(), "'id'");
        assertRejected(() -> partner().id("").build(), "'id'");
        assertRejected(() -> partner().id(null).build(), "Partner: field 'id' is required");
        assertEquals("un.police_1-x", partner().id("un.police_1-x").build().id());
    }

    @Test
    void rejectsBlankOrMissingFields() {
        assertRejected(() -> partner().name(" ").build(), "Partner 'unpol'", "'name'", "blank", "' '");
        assertRejected(() -> partner().name(null).build(), "'name'", "required");
        assertRejected(() -> partner().kind(null).build(), "'kind'", "required");
    }

    @Test
    void checksCountryShape() {
        assertEquals(Optional.of("XK"), partner().country("XK").build().country());
        assertRejected(() -> partner().country("fr").build(), "'country'", "alpha-2", "'fr'");
        assertRejected(() -> partner().country("FRA").build(), "'country'", "'FRA'");
        assertRejected(() -> partner().country("").build(), "'country'", "''");
    }

    @Test
    void rejectsABadOrSelfParent() {
        assertRejected(() -> partner().parent("unpol").build(), "'parent'", "not the partner itself");
        assertRejected(() -> partner().parent("U N").build(), "'parent'", "'U N'");
    }

    @Test
    void valueSemanticsAndToBuilder() {
        Partner unpol = partner().country("US").build();
        assertEquals(unpol, unpol.toBuilder().build());
        assertEquals(unpol.hashCode(), partner().country("US").build().hashCode());
        assertNotEquals(unpol, unpol.toBuilder().country(null).build());
        assertNotEquals(unpol, unpol.toBuilder().name("UN Police Division").build());
    }
}
