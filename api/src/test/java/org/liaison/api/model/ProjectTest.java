package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.liaison.api.model.Fixtures.assertRejected;
import static org.liaison.api.model.Fixtures.project;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProjectTest {

    @Test
    void buildsAValidProject() {
        Project project = project()
                .programme("UNODC Global Programme on Criminal Network Disruption")
                .participatingCountries("PE", "BR", "CO")
                .purposes("drug-trafficking")
                .description("Detecting and investigating drug trafficking on routes to Africa and Europe.")
                .build();
        assertEquals(List.of("interpol", "unodc"), List.copyOf(project.leadingPartners()));
        assertEquals(List.of("BR", "CO", "PE"), List.copyOf(project.participatingCountries()));
        assertEquals(Optional.of("UNODC Global Programme on Criminal Network Disruption"), project.programme());
        assertEquals(project, project.toBuilder().build());
        assertEquals(project.hashCode(), project.toBuilder().build().hashCode());
        assertNotEquals(project, project.toBuilder().description(null).build());
        assertEquals("Project[crimjust: CRIMJUST, led by [interpol, unodc]]", project.toString());
    }

    @Test
    void validation() {
        assertRejected(() -> project().leadingPartners().build(), "Project 'crimjust'", "'leadingPartners'",
                "at least one");
        assertRejected(() -> project().leadingPartners("UNODC").build(), "'leadingPartners'", "'UNODC'");
        assertRejected(() -> project().id("Crim Just").build(), "'id'", "'Crim Just'");
        assertRejected(() -> project().name("").build(), "'name'", "blank");
        assertRejected(() -> project().programme(" ").build(), "'programme'", "blank");
        assertRejected(() -> project().description("\t").build(), "'description'", "blank");
        assertRejected(() -> project().participatingCountries("PER").build(), "'participatingCountries'", "'PER'");
        assertRejected(() -> project().purposes("drug trafficking").build(), "'purposes'", "'drug trafficking'");
    }
}
