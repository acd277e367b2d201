package org.liaison.core.internal.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.liaison.api.model.Agreement;
import org.liaison.api.model.AgreementKind;
import org.liaison.api.model.AgreementStatus;
import org.liaison.api.model.CooperationArea;
import org.liaison.api.model.Exchange;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.OnwardTransfer;
import org.liaison.api.model.Partner;
import org.liaison.api.model.PartnerKind;
import org.liaison.api.model.Tlp;
import org.liaison.api.model.ValidityWindow;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.GranularMarking;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.Notice;
import org.liaison.api.record.NoticeKind;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.Seizure;
import org.liaison.api.record.ThreatIndicator;

/**
 * The rules of the seed, each a test, against the demo configuration that the distribution ships
 * ({@code distribution/src/main/dist/conf/agreements}), plus rules the demo has no example of, against small sets
 * built here.
 */
class AgreementPolicyTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    private static AgreementPolicy demo;

    @BeforeAll
    static void loadDemo() {
        Path directory = Path.of(System.getProperty("liaison.demo.agreements",
                "../distribution/src/main/dist/conf/agreements"));
        AgreementFiles.Result result = AgreementFiles.load(directory);
        assertTrue(result.errors().isEmpty(), () -> "the demo configuration loads: " + result.errors());
        demo = new AgreementPolicy(result.set().orElseThrow());
    }

    private static Decision check(AgreementPolicy policy, String from, String to, String area, String purpose,
            String type, String country, Tlp marking) {
        return policy.decide(new Proposal(from, to, area, purpose, marking, TODAY, null,
                List.of(new Proposal.Item(type, country == null ? Set.of() : Set.of(country), null))));
    }

    private static Decision check(String from, String to, String area, String purpose, String type) {
        return check(demo, from, to, area, purpose, type, null, Tlp.AMBER);
    }

    private static void assertAllowedBy(Decision decision, String... agreements) {
        assertTrue(decision.allowed(), decision::summary);
        assertEquals(List.of(agreements), decision.agreements(), decision::summary);
    }

    private static void assertDeniedWith(Decision decision, String... fragments) {
        assertFalse(decision.allowed(), decision::summary);
        String reasons = String.join("\n", decision.reasons());
        for (String fragment : fragments) {
            assertTrue(reasons.contains(fragment), () -> "'" + fragment + "' in:\n" + reasons);
        }
    }

    @Nested
    class UnInterpolPeacekeepingOnly {

        @Test
        void allowsInformationExchangeBetweenMissionPoliceAndInterpolForPeacekeeping() {
            assertAllowedBy(check("unpol", "interpol", "information-exchange", "peacekeeping-operations",
                    "incident"), "un-interpol-peacekeeping");
            assertAllowedBy(check("interpol", "unpol", "information-exchange", "peacekeeping-operations",
                    "person"), "un-interpol-peacekeeping");
        }

        @Test
        void deniesArrestWarrantsCounterTerrorismAndDrugTraffickingNamingBothPurposes() {
            for (String purpose : List.of("arrest-warrant-execution", "counter-terrorism", "drug-trafficking")) {
                assertDeniedWith(check("interpol", "unpol", "information-exchange", purpose, "notice"),
                        "un-interpol-peacekeeping: purpose '" + purpose + "' is not among its purposes"
                                + " [peacekeeping-operations]");
            }
        }
    }

    @Test
    void missionPoliceMayQueryInterpolDatabases() {
        assertAllowedBy(check("interpol", "unpol", "database-access", "peacekeeping-operations", "notice"),
                "un-interpol-peacekeeping");
        assertEquals(List.of("un-interpol-peacekeeping: database-access goes interpol -> unpol"),
                demo.directionsOf(List.of("un-interpol-peacekeeping"), "database-access"));
        assertEquals(List.of(), demo.directionsOf(List.of("un-interpol-peacekeeping"), "information-exchange"),
                "information is exchanged both ways");
    }

    @Test
    void interpolHasNoAccessToTheMissionsDatabasesWhileInformationGoesBothWays() {
        assertDeniedWith(check("unpol", "interpol", "database-access", "peacekeeping-operations", "incident"),
                "un-interpol-peacekeeping: area 'database-access' goes one way under it (interpol -> unpol),"
                        + " not unpol -> interpol");
        assertAllowedBy(check("unpol", "interpol", "information-exchange", "peacekeeping-operations", "incident"),
                "un-interpol-peacekeeping");
    }

    @Nested
    class SingaporeSupplement {

        @Test
        void allowsPostConflictStabilisationThroughTheSupplement() {
            for (String area : List.of("information-exchange", "interim-law-enforcement", "national-police-support")) {
                assertAllowedBy(check("interpol", "unpol", area, "post-conflict-stabilisation", "person"),
                        "un-interpol-singapore-supplement");
            }
        }

        @Test
        void inheritsTheParentsPartiesOnly() {
            assertDeniedWith(check("unsc", "interpol", "interim-law-enforcement", "post-conflict-stabilisation",
                    "person"), "unsc-interpol-special-notices: area 'interim-law-enforcement' is not among its areas");
        }

        @Test
        void endsWhenTheParentEnds() {
            Agreement parent = agreement("parent").validity(window("2009-01-01", "2020-12-31")).build();
            Agreement supplement = agreement("supplement").kind(AgreementKind.SUPPLEMENTARY_AGREEMENT)
                    .parent("parent").parties(List.of()).validity(window("2010-01-01", null)).build();
            AgreementPolicy policy = policy(parent, supplement);
            assertDeniedWith(check(policy, "interpol", "unpol", "information-exchange", "peacekeeping-operations",
                    "person", null, Tlp.GREEN), "supplement: expired on 2020-12-31 with its parent",
                    "parent: expired on 2020-12-31");
            Agreement suspendedParent = parent.toBuilder().status(AgreementStatus.SUSPENDED)
                    .validity(window("2009-01-01", null)).build();
            assertDeniedWith(check(policy(suspendedParent, supplement), "interpol", "unpol", "information-exchange",
                    "peacekeeping-operations", "person", null, Tlp.GREEN),
                    "supplement: its parent parent is suspended");
        }
    }

    @Test
    void aCompanyUnderAnInformationExchangeMouIsDeniedDatabaseAccess() {
        assertAllowedBy(check("threat-intel-company", "interpol", "information-exchange", "cybercrime-prevention",
                "threat-indicator"), "interpol-threat-intel-company-mou");
        assertDeniedWith(check("interpol", "threat-intel-company", "database-access", "cybercrime-prevention",
                "threat-indicator"), "interpol-threat-intel-company-mou: area 'database-access' is not among its"
                        + " areas [information-exchange]");
    }

    @Nested
    class Crimjust {

        @Test
        void allowsSeizuresFromGhanaOrColombiaAmongTheThreeLeaders() {
            for (String[] flow : new String[][] { { "unodc", "interpol" }, { "interpol", "transparency-international" },
                    { "transparency-international", "unodc" } }) {
                for (String country : List.of("GH", "CO")) {
                    assertAllowedBy(check(demo, flow[0], flow[1], "information-exchange",
                            "organised-crime-investigation", "seizure", country, Tlp.AMBER), "crimjust-charter");
                }
            }
        }

        @Test
        void deniesASeizureFromGermanyNamingItsRegionAndTheCharterssRegions() {
            assertDeniedWith(check(demo, "unodc", "interpol", "information-exchange", "organised-crime-investigation",
                    "seizure", "DE", Tlp.AMBER), "crimjust-charter: country DE (Western Europe, M49:155) of a seizure"
                            + " record is outside its geographic scope [Latin America and the Caribbean (M49:419),"
                            + " Western Africa (M49:011)]");
        }

        @Test
        void coversEveryCountryOfItsUnM49RegionsAndNoOther() {
            // the Caribbean (Jamaica, Haiti), Central and South America (Panama, Venezuela), Western Africa (Niger)
            for (String country : List.of("JM", "HT", "PA", "VE", "NE", "CV")) {
                assertAllowedBy(check(demo, "unodc", "interpol", "information-exchange",
                        "organised-crime-investigation", "seizure", country, Tlp.AMBER), "crimjust-charter");
            }
            // Middle Africa, Northern Africa, Northern America, Southern Europe
            for (String country : List.of("CM", "MA", "US", "ES")) {
                assertDeniedWith(check(demo, "unodc", "interpol", "information-exchange",
                        "organised-crime-investigation", "seizure", country, Tlp.AMBER),
                        "crimjust-charter: country " + country + " (");
            }
        }

        @Test
        void deniesSharingWithAPartyOutsideTheProject() {
            assertDeniedWith(check(demo, "unodc", "threat-intel-company", "information-exchange",
                    "organised-crime-investigation", "seizure", "GH", Tlp.AMBER),
                    "no agreement between unodc and threat-intel-company");
            assertDeniedWith(check(demo, "interpol", "unpol", "information-exchange",
                    "organised-crime-investigation", "seizure", "GH", Tlp.AMBER),
                    "un-interpol-peacekeeping: purpose 'organised-crime-investigation' is not among its purposes");
        }

        @Test
        void aSeizureRecordWithAnAlpha3CountryIsPlacedByItsCountry() {
            Exchange exchange = exchange("unodc", "interpol", CooperationArea.EXCHANGE_OF_INFORMATION,
                    "drug-trafficking", Tlp.AMBER, seizure("s1", "GHA"), seizure("s2", "COL"));
            AgreementPolicy.RecipientDecision decision = demo.decide(exchange, "interpol");
            assertAllowedBy(decision.decision(), "crimjust-charter");
            Exchange withGermany = exchange("unodc", "interpol", CooperationArea.EXCHANGE_OF_INFORMATION,
                    "drug-trafficking", Tlp.AMBER, seizure("s1", "GHA"), seizure("s3", "DEU"));
            assertDeniedWith(demo.decide(withGermany, "interpol").decision(),
                    "country DE (Western Europe, M49:155) of a seizure record");
        }
    }

    @Test
    void anAgreementNotInForceCoversNothing() {
        Map<String, Agreement> cases = new LinkedHashMap<>();
        cases.put("is signed but not yet in force", agreement("x").status(AgreementStatus.SIGNED).build());
        cases.put("is not in force before 2027-01-01", agreement("x").validity(window("2027-01-01", null)).build());
        cases.put("expired on 2025-12-31", agreement("x").validity(window("2020-01-01", "2025-12-31")).build());
        cases.put("is suspended", agreement("x").status(AgreementStatus.SUSPENDED).build());
        cases.put("is terminated", agreement("x").status(AgreementStatus.TERMINATED).build());
        cases.forEach((reason, agreement) -> assertDeniedWith(check(policy(agreement), "interpol", "unpol",
                "information-exchange", "peacekeeping-operations", "person", null, Tlp.GREEN), "x: " + reason));
        assertAllowedBy(check(policy(agreement("x").validity(window("2020-01-01", "2026-11-29")).build()),
                "interpol", "unpol", "information-exchange", "peacekeeping-operations", "person", null, Tlp.GREEN),
                "x");
    }

    @Nested
    class Handling {

        @Test
        void deniesAMarkingAboveTheCeiling() {
            assertDeniedWith(check(demo, "interpol", "unpol", "information-exchange", "peacekeeping-operations",
                    "person", null, Tlp.RED), "un-interpol-peacekeeping: marking TLP:RED is above its handling"
                            + " ceiling TLP:AMBER");
            assertTrue(check(demo, "interpol", "unpol", "information-exchange", "peacekeeping-operations", "person",
                    null, Tlp.AMBER).allowed());
        }

        @Test
        void deniesAnIndicatorWithAFieldMarkedAboveTheCeiling() {
            AgreementPolicy policy = policy(agreement("x").build());
            ThreatIndicator indicator = ThreatIndicator.builder().id("indicator--1").objectType("indicator")
                    .pattern("[ipv4-addr:value = '198.51.100.1']").patternType("stix")
                    .validFrom(Instant.parse("2026-11-01T00:00:00Z")).build();
            Exchange plain = exchange("interpol", "unpol", CooperationArea.EXCHANGE_OF_INFORMATION,
                    "peacekeeping-operations", Tlp.GREEN, indicator);
            assertAllowedBy(policy.decide(plain, "unpol").decision(), "x");
            Exchange granular = exchange("interpol", "unpol", CooperationArea.EXCHANGE_OF_INFORMATION,
                    "peacekeeping-operations", Tlp.GREEN, indicator.toBuilder().granularMarkings(
                            GranularMarking.of(HandlingMarking.of(Tlp.RED), "pattern")).build());
            assertDeniedWith(policy.decide(granular, "unpol").decision(),
                    "x: a threat-indicator record marked TLP:RED is above its handling ceiling TLP:AMBER");
        }

        @Test
        void deniesARecordMarkedAboveTheCeilingInsideALowerMarkedExchange() {
            Person secret = person("p1", null).toBuilder().marking(HandlingMarking.of(Tlp.RED)).build();
            Exchange exchange = exchange("interpol", "unpol", CooperationArea.EXCHANGE_OF_INFORMATION,
                    "peacekeeping-operations", Tlp.GREEN, secret);
            assertDeniedWith(demo.decide(exchange, "unpol").decision(), "a person record marked TLP:RED is above");
        }

        @Test
        void theMarkingTravelsWithEveryRecord() {
            Person unmarked = person("p1", null);
            Person ownMarking = person("p2", null).toBuilder().marking(HandlingMarking.of(Tlp.CLEAR)).build();
            HandlingMarking amber = HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes("H2").build();
            Exchange exchange = Exchange.builder().id("ex-1").sender("interpol").recipients(List.of("unpol"))
                    .area(CooperationArea.EXCHANGE_OF_INFORMATION).purpose("peacekeeping-operations")
                    .marking(amber).createdAt(Instant.parse("2026-11-29T10:00:00Z"))
                    .records(List.of(unmarked, ownMarking)).build();
            List<DataRecord> delivered = demo.decide(exchange, "unpol").records();
            assertEquals(amber, delivered.get(0).marking().orElseThrow());
            assertEquals(HandlingMarking.of(Tlp.CLEAR), delivered.get(1).marking().orElseThrow());
        }

        @Test
        void deniesOnwardTransferToAThirdPartyUnlessTheAgreementAllowsIt() {
            Agreement original = agreement("original").parties(List.of("interpol", "unodc")).build();
            Agreement onward = agreement("onward").parties(List.of("unodc", "unpol")).build();
            AgreementPolicy prohibited = policy(original, onward);
            Proposal passOn = new Proposal("unodc", "unpol", "information-exchange", "peacekeeping-operations",
                    Tlp.GREEN, TODAY, "interpol", List.of(new Proposal.Item("person", Set.of(), null)));
            assertDeniedWith(prohibited.decide(passOn), "onward transfer: unodc received this data from interpol"
                    + " under original (onward transfer prohibited), which does not allow passing it on to unpol");
            AgreementPolicy permitted = policy(original.toBuilder().onwardTransfer(OnwardTransfer.PERMITTED).build(),
                    onward);
            assertAllowedBy(permitted.decide(passOn), "onward");
            Proposal ownData = new Proposal("unodc", "unpol", "information-exchange", "peacekeeping-operations",
                    Tlp.GREEN, TODAY, null, passOn.items());
            assertAllowedBy(prohibited.decide(ownData), "onward");
        }
    }

    /** Onward transfer {@code with-originator-consent}: allowed only while a matching consent is in force. */
    @Nested
    class Consents {

        private final Agreement original = agreement("original").parties(List.of("interpol", "unodc"))
                .onwardTransfer(OnwardTransfer.WITH_ORIGINATOR_CONSENT).build();
        private final Agreement onward = agreement("onward").parties(List.of("unodc", "unpol")).build();

        private Consent consent(String id, String recipient, Set<RecordType> types, Set<String> records,
                ValidityWindow validity, boolean withdrawn) {
            return new Consent(id, "interpol", "unodc", recipient, types, records, Set.of(), validity, withdrawn,
                    "INTERPOL letter LA/2026/17");
        }

        private AgreementPolicy withConsents(Consent... consents) {
            Map<String, Partner> partners = new LinkedHashMap<>();
            for (String id : List.of("interpol", "unpol", "unodc")) {
                partners.put(id, Partner.builder().id(id).name(id).kind(PartnerKind.INTERNATIONAL_ORGANISATION)
                        .build());
            }
            Map<String, Consent> byId = new LinkedHashMap<>();
            for (Consent consent : consents) {
                byId.put(consent.id(), consent);
            }
            return new AgreementPolicy(new AgreementSet(partners, Map.of("peacekeeping-operations", "test"),
                    Map.of(), Map.of("original", original, "onward", onward), Map.of(), Map.of(), Map.of(), Map.of(),
                    byId, List.of()));
        }

        private Proposal passOn(String type, Set<String> recordIds, LocalDate date) {
            return new Proposal("unodc", "unpol", "information-exchange", "peacekeeping-operations", Tlp.GREEN, date,
                    "interpol", List.of(new Proposal.Item(type, Set.of(), null)), "ex-1", recordIds);
        }

        @Test
        void withoutAConsentPassingOnIsDeniedNamingTheRule() {
            assertDeniedWith(withConsents().decide(passOn("person", Set.of(), TODAY)), "onward transfer: unodc"
                    + " received this data from interpol under original (onward transfer with-originator-consent, and"
                    + " no consent of interpol in force covers passing it on to unpol)");
        }

        @Test
        void aConsentInForceAllowsItAndTheDecisionNamesIt() {
            ValidityWindow december = ValidityWindow.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 31));
            AgreementPolicy policy = withConsents(consent("interpol-2026-017", "unpol", Set.of(RecordType.PERSON),
                    Set.of(), december, false));
            Decision decision = policy.decide(passOn("person", Set.of("p1"), TODAY));
            assertAllowedBy(decision, "onward");
            assertEquals(List.of("interpol-2026-017"), decision.consents());
            assertEquals("ALLOW onward with consent interpol-2026-017", decision.summary());
        }

        @Test
        void aConsentCoversOnlyItsRecipientTypesRecordsAndDaysAndNothingOnceWithdrawn() {
            ValidityWindow december = ValidityWindow.of(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 31));
            assertFalse(withConsents(consent("c", "interpol", Set.of(), Set.of(), december, false))
                    .decide(passOn("person", Set.of(), TODAY)).allowed(), "another recipient");
            assertFalse(withConsents(consent("c", "unpol", Set.of(RecordType.NOTICE), Set.of(), december, false))
                    .decide(passOn("person", Set.of(), TODAY)).allowed(), "another record type");
            AgreementPolicy records = withConsents(consent("c", "unpol", Set.of(), Set.of("p1", "p2"), december,
                    false));
            assertTrue(records.decide(passOn("person", Set.of("p1"), TODAY)).allowed());
            assertFalse(records.decide(passOn("person", Set.of("p1", "p3"), TODAY)).allowed(), "a record not named");
            assertFalse(records.decide(passOn("person", Set.of(), TODAY)).allowed(), "records not known");
            assertFalse(withConsents(consent("c", "unpol", Set.of(), Set.of(), december, false))
                    .decide(passOn("person", Set.of(), LocalDate.of(2027, 1, 1))).allowed(), "expired");
            assertFalse(withConsents(consent("c", "unpol", Set.of(), Set.of(), december, true))
                    .decide(passOn("person", Set.of(), TODAY)).allowed(), "withdrawn");
        }
    }

    @Nested
    class RecordTypesAndFields {

        @Test
        void deniesARecordTypeTheAgreementDoesNotCover() {
            assertDeniedWith(check("unsc", "interpol", "information-exchange", "sanctions-implementation", "seizure"),
                    "unsc-interpol-special-notices: record type 'seizure' is not among its record types");
        }

        @Test
        void removesExcludedFieldsBeforeDeliveryAndReportsTheRemoval() {
            Person marked = person("p1", "tattoo on the left forearm");
            Notice notice = Notice.builder().id("2021/1").kind(NoticeKind.RED)
                    .subject(person("p2", "scar above the right eye")).build();
            Exchange exchange = exchange("interpol", "unpol", CooperationArea.EXCHANGE_OF_INFORMATION,
                    "peacekeeping-operations", Tlp.AMBER, marked, notice, person("p3", null));
            AgreementPolicy.RecipientDecision decision = demo.decide(exchange, "unpol");
            assertAllowedBy(decision.decision(), "un-interpol-peacekeeping");
            assertEquals(List.of("person.distinguishingMarks removed from 2 records"),
                    decision.decision().removedFields());
            Person deliveredPerson = (Person) decision.records().get(0);
            assertTrue(deliveredPerson.distinguishingMarks().isEmpty());
            assertEquals(marked.name(), deliveredPerson.name(), "the rest of the record is kept");
            assertTrue(((Notice) decision.records().get(1)).subject().distinguishingMarks().isEmpty());
            assertTrue(marked.distinguishingMarks().isPresent(), "the original record is not changed");
        }

        @Test
        void theCheckCommandsDecisionNamesTheFieldsThatWouldBeRemoved() {
            Decision decision = check("interpol", "unpol", "database-access", "peacekeeping-operations", "notice");
            assertEquals(List.of("person.distinguishingMarks (un-interpol-peacekeeping)"), decision.removedFields());
        }
    }

    @Nested
    class FailClosed {

        @Test
        void deniesAnUnknownPartnerAreaPurposeOrRecordType() {
            assertDeniedWith(check("interpol", "acme", "information-exchange", "peacekeeping-operations", "person"),
                    "unknown partner 'acme' (recipient)");
            assertDeniedWith(check("interpol", "unpol", "intelligence-sharing", "peacekeeping-operations", "person"),
                    "unknown cooperation area 'intelligence-sharing': expected one of [information-exchange,");
            assertDeniedWith(check("interpol", "unpol", "information-exchange", "world-peace", "person"),
                    "unknown purpose 'world-peace'");
            assertDeniedWith(check("interpol", "unpol", "information-exchange", "peacekeeping-operations", "dossier"),
                    "unknown record type 'dossier'");
        }

        @Test
        void deniesPartnersWithoutAnAgreement() {
            assertDeniedWith(check("unsc", "transparency-international", "information-exchange",
                    "sanctions-implementation", "organisation"),
                    "no agreement between unsc and transparency-international");
        }

        @Test
        void deniesEverythingBeforeAnyConfigurationIsLoaded() {
            assertDeniedWith(check(new AgreementPolicy(AgreementSet.empty()), "interpol", "unpol",
                    "information-exchange", "peacekeeping-operations", "person", null, Tlp.CLEAR),
                    "unknown partner 'interpol' (sender)", "no agreement is loaded");
        }
    }

    // --- small sets built in code -------------------------------------------------------------------------------

    private static Agreement.Builder agreement(String id) {
        return Agreement.builder().id(id).title("Test agreement " + id).kind(AgreementKind.COOPERATION_AGREEMENT)
                .parties(List.of("interpol", "unpol")).areas(List.of(CooperationArea.EXCHANGE_OF_INFORMATION))
                .purposes(List.of("peacekeeping-operations")).validity(window("2009-01-01", null))
                .status(AgreementStatus.IN_FORCE).handlingCeiling(Tlp.AMBER);
    }

    private static ValidityWindow window(String from, String until) {
        return ValidityWindow.builder().from(LocalDate.parse(from))
                .until(until == null ? null : LocalDate.parse(until)).build();
    }

    private static AgreementPolicy policy(Agreement... agreements) {
        Map<String, Partner> partners = new LinkedHashMap<>();
        for (String id : List.of("interpol", "unpol", "unodc")) {
            partners.put(id, Partner.builder().id(id).name(id).kind(PartnerKind.INTERNATIONAL_ORGANISATION).build());
        }
        Map<String, Agreement> byId = new LinkedHashMap<>();
        for (Agreement agreement : agreements) {
            byId.put(agreement.id(), agreement);
        }
        return new AgreementPolicy(new AgreementSet(partners, Map.of("peacekeeping-operations", "test"), Map.of(),
                byId, List.of()));
    }

    private static Person person(String id, String marks) {
        return Person.builder().id(id).name(PersonName.builder().fullName("SAMPLE " + id).build())
                .distinguishingMarks(marks).build();
    }

    private static Seizure seizure(String id, String country) {
        return Seizure.builder().id(id).countryCode(country).drug("Cocaine").quantityKg(new BigDecimal("12.5"))
                .build();
    }

    private static Exchange exchange(String sender, String recipient, CooperationArea area, String purpose,
            Tlp marking, DataRecord... records) {
        return Exchange.builder().id("ex-" + sender + "-" + recipient).sender(sender).recipients(List.of(recipient))
                .area(area).purpose(purpose).marking(HandlingMarking.of(marking))
                .createdAt(Instant.parse("2026-11-29T10:00:00Z")).records(List.of(records)).build();
    }
}
