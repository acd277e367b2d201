package org.liaison.plugin.transparency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.liaison.api.format.Decoded;
import org.liaison.api.record.Organisation;

class CodesAndCountriesTest {

    @Test
    void codesOfBothVersionsGetTheModelsKebabSpelling() {
        assertEquals("voting-rights", Codes.toModel("votingRights"));
        assertEquals("voting-rights", Codes.toModel("voting-rights"));
        assertEquals("shareholding", Codes.toModel("shareholding"));
        assertEquals("subject-unable-to-confirm-or-identify-beneficial-owner",
                Codes.toModel("subjectUnableToConfirmOrIdentifyBeneficialOwner"));
        assertEquals("settlor", Codes.toModel("settlor-of-trust"), "renamed in 0.4");
        assertEquals("beneficiary-of-legal-arrangement", Codes.toModel("beneficiary-of-trust"));
    }

    @Test
    void modelCodesAreWrittenInBods04CamelCase() {
        assertEquals("votingRights", Codes.toBods04("voting-rights"));
        assertEquals("noBeneficialOwners", Codes.toBods04("no-beneficial-owners"));
        assertEquals("shareholding", Codes.toBods04("shareholding"));
        assertEquals("Some Reason", Codes.toBods04("Some Reason"), "not a code: unchanged");
    }

    @Test
    void countriesFromCodesAndNames() {
        assertEquals("IE", Countries.code("IE", "Ireland"));
        assertEquals("IE", Countries.code("ie", null));
        assertEquals("IE", Countries.code("IRL", null));
        assertEquals("IE", Countries.code(null, "Republic of Ireland"));
        assertEquals("KR", Countries.code(null, "Republic of Korea"));
        assertEquals("LU", Countries.code(null, "Luxembourg"));
        assertEquals("CI", Countries.code(null, "Côte d’Ivoire"));
        assertNull(Countries.code(null, "Republic of the Congo"), "ambiguous: not guessed");
        assertNull(Countries.code("ZZ", "Atlantis"));
        assertEquals("Ireland", Countries.name("IE"));
    }

    @Test
    void aSubdivisionJurisdictionKeepsItsCountryWithAWarning() throws Exception {
        String json = "[{\"recordId\": \"ent-1\", \"recordType\": \"entity\", \"recordDetails\": {\"name\": \"Example"
                + " Inc\", \"jurisdiction\": {\"name\": \"Delaware\", \"code\": \"US-DE\"}}},"
                + " {\"recordId\": \"ent-2\", \"recordType\": \"entity\", \"recordDetails\": {\"name\": \"Elsewhere"
                + " Ltd\", \"jurisdiction\": {\"name\": \"Atlantis\"}}}]";

        Decoded decoded = Decoded.decode(Samples.format(), Samples.payload("subdivision.json", json));

        assertEquals(List.of(Optional.of("US"), Optional.empty()),
                decoded.records().stream().map(r -> ((Organisation) r).jurisdiction()).toList());
        assertEquals(List.of("recordDetails.jurisdiction.code", "recordDetails.jurisdiction"),
                decoded.warnings().stream().map(w -> w.field().orElse("")).toList());
    }
}
