package org.liaison.api.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.liaison.api.record.RecordFixtures.assertRejected;

import java.math.BigDecimal;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The value classes records are made of. */
class ValuesTest {

    @Test
    void personName() {
        PersonName name = PersonName.builder().fullName("SMITH, John").givenNames("John").familyName("Smith").build();
        assertEquals(name, name.toBuilder().build());
        assertEquals("SMITH, John", name.toString());
        assertNotEquals(name, name.toBuilder().quality("good").build());
        assertRejected(() -> PersonName.builder().build(), "PersonName", "'fullName'", "required");
        assertRejected(() -> PersonName.builder().fullName("").build(), "'fullName'", "blank");
        assertRejected(() -> name.toBuilder().givenNames(" ").build(), "'givenNames'", "blank");
        assertRejected(() -> name.toBuilder().originalScript("").build(), "'originalScript'", "blank");
    }

    @Test
    void identityDocument() {
        IdentityDocument passport = IdentityDocument.builder().type("passport").number("12AB34567")
                .issuingCountry("FR").build();
        assertEquals("passport FR 12AB34567", passport.toString());
        assertEquals(passport, passport.toBuilder().build());
        assertRejected(() -> passport.toBuilder().number(" ").build(), "IdentityDocument", "'number'", "blank");
        assertRejected(() -> passport.toBuilder().type(null).build(), "'type'", "required");
        assertRejected(() -> passport.toBuilder().issuingCountry("FRA").build(), "'issuingCountry'", "'FRA'");
    }

    @Test
    void addressNeedsAtLeastOneField() {
        assertRejected(() -> Address.builder().build(), "Address", "at least one of the fields");
        Address address = Address.builder().city("Kandahar").country("AF").build();
        assertEquals("Kandahar, AF", address.toString());
        assertEquals(address, address.toBuilder().build());
        assertEquals(Optional.empty(), address.street());
        assertRejected(() -> Address.builder().country("af").build(), "'country'", "'af'");
        assertRejected(() -> Address.builder().city("").build(), "'city'", "blank");
    }

    @Test
    void charge() {
        Charge charge = Charge.builder().country("FR").text("Murder").build();
        assertEquals("FR: Murder", charge.toString());
        assertEquals(charge, charge.toBuilder().build());
        assertRejected(() -> Charge.builder().country("FR").build(), "Charge", "'text'", "required");
        assertRejected(() -> charge.toBuilder().country("France").build(), "'country'", "'France'");
    }

    @Test
    void geoPoint() {
        GeoPoint point = GeoPoint.builder().latitude(16.27).longitude(-0.04).precision(1).build();
        assertEquals(point, point.toBuilder().build());
        assertEquals(point.hashCode(), point.toBuilder().build().hashCode());
        assertEquals("16.27,-0.04 ~1", point.toString());
        assertEquals(-90.0, GeoPoint.builder().latitude(-90.0).longitude(180.0).build().latitude());
        assertRejected(() -> GeoPoint.builder().longitude(1.0).build(), "GeoPoint", "'latitude'", "required");
        assertRejected(() -> GeoPoint.builder().latitude(1.0).build(), "'longitude'", "required");
        assertRejected(() -> GeoPoint.builder().latitude(90.5).longitude(0.0).build(), "'latitude'", "90.5");
        assertRejected(() -> GeoPoint.builder().latitude(0.0).longitude(-180.1).build(), "'longitude'", "-180.1");
        assertRejected(() -> GeoPoint.builder().latitude(Double.NaN).longitude(0.0).build(), "'latitude'");
        assertRejected(() -> point.toBuilder().precision(-1).build(), "'precision'", "negative");
    }

    @Test
    void interestShares() {
        Interest range = Interest.builder().type("shareholding").shareMin(new BigDecimal("25"))
                .shareMax(new BigDecimal("50")).directOrIndirect("direct").beneficialOwnershipOrControl(true).build();
        assertEquals("shareholding 25-50%", range.toString());
        assertEquals(range, range.toBuilder().build());
        assertEquals("voting-rights 100%",
                Interest.builder().type("voting-rights").shareExact(new BigDecimal("100")).build().toString());
        assertRejected(() -> range.toBuilder().shareMax(new BigDecimal("20")).build(), "Interest", "'shareMax'",
                "not be below shareMin", "20");
        assertRejected(() -> range.toBuilder().shareExact(new BigDecimal("60")).build(), "'shareExact'", "60");
        assertEquals(Optional.of(new BigDecimal("30")),
                range.toBuilder().shareExact(new BigDecimal("30")).build().shareExact());
        assertRejected(() -> range.toBuilder().shareMin(new BigDecimal("-0.1")).build(), "'shareMin'", "0 to 100");
        assertRejected(() -> range.toBuilder().shareMax(new BigDecimal("100.01")).build(), "'shareMax'");
        assertRejected(() -> range.toBuilder().directOrIndirect("partly").build(), "'directOrIndirect'",
                "[direct, indirect, unknown]", "'partly'");
        assertRejected(() -> range.toBuilder().type(" ").build(), "'type'", "blank");
    }

    @Test
    void interestDates() {
        Interest.Builder interest = Interest.builder().type("shareholding");
        assertRejected(() -> interest.startDate(PartialDate.of(2020)).endDate(PartialDate.of(2019)).build(),
                "'endDate'", "startDate (2020)", "2019");
        // same year at different precision may be the same day: not contradictory
        assertEquals(Optional.of(PartialDate.of(2020)),
                interest.startDate(PartialDate.of(2020, 6, 1)).endDate(PartialDate.of(2020)).build().endDate());
    }
}
