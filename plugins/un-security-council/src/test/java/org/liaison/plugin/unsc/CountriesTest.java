package org.liaison.plugin.unsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class CountriesTest {

    @Test
    void everyIsoCountryHasANameThatReadsBackToItsCode() {
        for (String code : Locale.getISOCountries()) {
            String name = Countries.name(code);
            assertEquals(code, Countries.code(name), code + " -> " + name);
        }
        assertNull(Countries.name("XK"), "Kosovo has no ISO 3166-1 code, so no name that reads back");
    }

    @Test
    void readsTheUnitedNationsSpellingsTheListUses() {
        assertEquals("KP", Countries.code("Democratic People's Republic of Korea "));
        assertEquals("KP", Countries.code("Democratic People’s Republic of Korea"));
        assertEquals("IR", Countries.code("Iran (Islamic Republic of)"));
        assertEquals("GB", Countries.code("United Kingdom of Great Britain and Northern\nIreland"));
        assertEquals("BA", Countries.code("Bosnia and Herzegovina"));
        assertEquals("CD", Countries.code("Democratic Republic of the Congo"));
        assertEquals("SY", Countries.code("Syrian Arab Republic"));
        assertEquals("TZ", Countries.code("United Republic of Tanzania"));
        assertEquals("VN", Countries.code("Viet Nam"));
        assertEquals("NL", Countries.code("The Netherlands"));
        assertEquals("CI", Countries.code("Cote d'Ivoire"));
        assertEquals("AF", Countries.code("Afghan"));
        assertEquals("SA", Countries.code("Saudi Arabian"));
        assertEquals("PS", Countries.code("State of Palestine"));
    }

    @Test
    void qualifiedOrAmbiguousValuesNameNoCountry() {
        assertNull(Countries.code("Bahrain (citizenship revoked in Jan. 2015)"));
        assertNull(Countries.code("Sudan/South Sudan"));
        assertNull(Countries.code("USSR (until 1991)"));
        assertNull(Countries.code("na"));
    }

    @Test
    void writesTheUnitedNationsNames() {
        assertEquals("Democratic People's Republic of Korea", Countries.name("KP"));
        assertEquals("Iran (Islamic Republic of)", Countries.name("IR"));
        assertEquals("Afghanistan", Countries.name("AF"));
    }
}
