package org.liaison.core.internal.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.api.model.Agreement;
import org.liaison.api.model.AgreementKind;
import org.liaison.api.model.AgreementStatus;
import org.liaison.api.model.CooperationArea;
import org.liaison.api.model.OnwardTransfer;
import org.liaison.api.model.PartnerKind;
import org.liaison.api.model.Tlp;
import org.liaison.api.model.ValidityWindow;
import org.liaison.api.record.RecordType;

class AgreementFilesTest {

    private static final String PARTNERS = """
            {
              "partners": [
                {"id": "interpol", "name": "INTERPOL", "kind": "international-organisation"},
                {"id": "unpol", "name": "UN Police", "kind": "un-body"},
                {"id": "unodc", "name": "UNODC", "kind": "un-body"},
                {"id": "transparency-international", "name": "Transparency International", "kind": "ngo",
                 "country": "DE"}
              ],
              "purposes": [
                {"id": "peacekeeping-operations", "description": "Operations of UN peacekeeping missions."},
                {"id": "post-conflict-stabilisation", "description": "Stability in post-conflict areas."},
                {"id": "drug-trafficking", "description": "Investigations of drug trafficking."}
              ]
            }
            """;

    private static final String PEACEKEEPING = """
            {
              "agreements": [
                {
                  "id": "un-interpol-peacekeeping",
                  "title": "UN-INTERPOL information exchange for peacekeeping operations",
                  "kind": "cooperation-agreement",
                  "parties": ["unpol", "interpol"],
                  "areas": ["information-exchange", "database-access"],
                  "purposes": ["peacekeeping-operations"],
                  "excludedFields": ["person.distinguishingMarks", "person.documents"],
                  "validity": {"from": "1997-07-08"},
                  "status": "in-force"
                }
              ]
            }
            """;

    /** The supplement, in another file than its parent. */
    private static final String SUPPLEMENT = """
            {
              "agreements": [
                {
                  "id": "un-interpol-singapore-supplement",
                  "title": "Supplementary agreement on police cooperation in post-conflict areas",
                  "kind": "supplementary-agreement",
                  "parent": "un-interpol-peacekeeping",
                  "parties": [],
                  "areas": ["interim-law-enforcement", "national-police-support"],
                  "purposes": ["post-conflict-stabilisation"],
                  "geographicScope": ["SS", "CD"],
                  "validity": {"from": "2009-10-13", "until": "2029-10-12"},
                  "status": "in-force",
                  "handlingCeiling": "TLP:AMBER+STRICT",
                  "onwardTransfer": "with-originator-consent",
                  "source": "Signed in Singapore, October 2009."
                }
              ]
            }
            """;

    private static final String CRIMJUST = """
            {
              "projects": [
                {
                  "id": "crimjust",
                  "name": "CRIMJUST",
                  "leadingPartners": ["unodc", "interpol", "transparency-international"],
                  "participatingCountries": ["CO", "GH"],
                  "purposes": ["drug-trafficking"]
                }
              ],
              "agreements": [
                {
                  "id": "crimjust-charter",
                  "title": "CRIMJUST charter",
                  "kind": "project-charter",
                  "project": "crimjust",
                  "parties": ["unodc", "interpol", "transparency-international"],
                  "areas": ["information-exchange"],
                  "purposes": ["drug-trafficking"],
                  "recordTypes": ["seizure", "ownership"],
                  "validity": {"from": "2016-01-01"},
                  "status": "in-force"
                }
              ]
            }
            """;

    @TempDir
    Path directory;

    private void write(String name, String content) throws IOException {
        Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    private void writeValidSet() throws IOException {
        write("partners.json", PARTNERS);
        write("un-interpol.json", PEACEKEEPING);
        write("singapore.json", SUPPLEMENT);
        write("crimjust.json", CRIMJUST);
    }

    private AgreementSet loaded() {
        AgreementFiles.Result result = AgreementFiles.load(directory);
        assertEquals(List.of(), result.errors().stream().map(ConfigError::message).toList());
        return result.set().orElseThrow();
    }

    /** Loads, expecting errors and no set; returns the errors. */
    private List<ConfigError> rejected() {
        AgreementFiles.Result result = AgreementFiles.load(directory);
        assertTrue(result.set().isEmpty(), () -> "no set is given when there are errors: " + result);
        assertFalse(result.errors().isEmpty());
        return result.errors();
    }

    /** Loads, expecting exactly one error; returns it. */
    private ConfigError rejectedOnce() {
        List<ConfigError> errors = rejected();
        assertEquals(1, errors.size(), () -> "one error expected: " + messages(errors));
        return errors.get(0);
    }

    private static String messages(List<ConfigError> errors) {
        return errors.stream().map(ConfigError::message).collect(Collectors.joining("\n", "\n", ""));
    }

    private static void assertError(ConfigError error, String file, String path, String expectedFragment,
            String found) {
        assertEquals(file, error.file(), error::message);
        assertEquals(path, error.path(), error::message);
        assertTrue(error.expected().contains(expectedFragment),
                () -> "'" + expectedFragment + "' in: " + error.message());
        assertEquals(found, error.found(), error::message);
    }

    /** The valid set with one agreement's text changed, in un-interpol.json. */
    private void writeValidSetWithPeacekeeping(String from, String to) throws IOException {
        writeValidSet();
        assertTrue(PEACEKEEPING.contains(from), from);
        write("un-interpol.json", PEACEKEEPING.replace(from, to));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Nested
    class ValidSets {

        @Test
        void aSetSpreadOverSeveralFilesLoadsWhole() throws Exception {
            writeValidSet();

            AgreementSet set = loaded();

            assertEquals(List.of("interpol", "unpol", "unodc", "transparency-international"),
                    List.copyOf(set.partners().keySet()));
            assertEquals(PartnerKind.NGO, set.partner("transparency-international").orElseThrow().kind());
            assertEquals("DE", set.partner("transparency-international").orElseThrow().country().orElseThrow());
            assertEquals(Set.of("peacekeeping-operations", "post-conflict-stabilisation", "drug-trafficking"),
                    set.purposes().keySet());
            assertEquals("Investigations of drug trafficking.", set.purposes().get("drug-trafficking"));
            assertEquals(Set.of("unodc", "interpol", "transparency-international"),
                    set.projects().get("crimjust").leadingPartners());
            // files are read in name order: crimjust, partners, singapore, un-interpol
            assertEquals(List.of("crimjust-charter", "un-interpol-singapore-supplement", "un-interpol-peacekeeping"),
                    List.copyOf(set.agreements().keySet()));
        }

        @Test
        void agreementsCarryEveryMember() throws Exception {
            writeValidSet();

            AgreementSet set = loaded();

            Agreement supplement = set.agreement("un-interpol-singapore-supplement").orElseThrow();
            assertEquals(AgreementKind.SUPPLEMENTARY_AGREEMENT, supplement.kind());
            assertEquals("un-interpol-peacekeeping", supplement.parent().orElseThrow());
            assertEquals(Set.of(), supplement.parties());
            assertEquals(Set.of(CooperationArea.INTERIM_LAW_ENFORCEMENT_COOPERATION,
                    CooperationArea.SUPPORT_TO_NATIONAL_POLICE), supplement.areas());
            assertEquals(Set.of("CD", "SS"), supplement.geographicScope());
            assertEquals(LocalDate.of(2009, 10, 13), supplement.validity().from());
            assertEquals(LocalDate.of(2029, 10, 12), supplement.validity().until().orElseThrow());
            assertEquals(AgreementStatus.IN_FORCE, supplement.status());
            assertEquals(Tlp.AMBER_STRICT, supplement.handlingCeiling());
            assertEquals(OnwardTransfer.WITH_ORIGINATOR_CONSENT, supplement.onwardTransfer());
            assertEquals("Signed in Singapore, October 2009.", supplement.source().orElseThrow());

            Agreement charter = set.agreement("crimjust-charter").orElseThrow();
            assertEquals("crimjust", charter.project().orElseThrow());
            assertEquals(Set.of(RecordType.SEIZURE, RecordType.OWNERSHIP_RELATION), charter.recordTypes());
        }

        @Test
        void handlingCeilingDefaultsToAmberAndOnwardTransferToProhibited() throws Exception {
            writeValidSet();

            Agreement peacekeeping = loaded().agreement("un-interpol-peacekeeping").orElseThrow();

            assertEquals(Tlp.AMBER, peacekeeping.handlingCeiling());
            assertEquals(OnwardTransfer.PROHIBITED, peacekeeping.onwardTransfer());
            assertEquals(Set.of("person.distinguishingMarks", "person.documents"), peacekeeping.excludedFields());
        }

        @Test
        void sourceFilesAreListedByNameWithTheSha256OfTheirBytes() throws Exception {
            writeValidSet();

            AgreementSet set = loaded();

            List<String> names = set.files().stream().map(AgreementSet.SourceFile::name).toList();
            assertEquals(List.of("crimjust.json", "partners.json", "singapore.json", "un-interpol.json"), names);
            for (AgreementSet.SourceFile file : set.files()) {
                assertEquals(sha256(Files.readAllBytes(directory.resolve(file.name()))), file.sha256(), file.name());
            }
        }

        @Test
        void otherFilesHiddenFilesAndSubdirectoriesAreIgnored() throws Exception {
            writeValidSet();
            write("README.txt", "not JSON");
            write("un-interpol.json~", "an editor's backup");
            write(".un-interpol.json.swp", "an editor's swap file");
            write(".partial.json", "{ half written");
            Files.createDirectory(directory.resolve("old"));
            Files.writeString(directory.resolve("old").resolve("retired.json"), "{ not read");

            assertEquals(4, loaded().files().size());
        }

        @Test
        void anEmptyDirectoryIsAnEmptyValidSet() {
            AgreementSet set = loaded();

            assertTrue(set.partners().isEmpty());
            assertTrue(set.purposes().isEmpty());
            assertTrue(set.projects().isEmpty());
            assertTrue(set.agreements().isEmpty());
            assertTrue(set.files().isEmpty());
        }

        @Test
        void aFileWithAnEmptyObjectDeclaresNothing() throws Exception {
            write("empty.json", "{}");

            AgreementSet set = loaded();

            assertTrue(set.agreements().isEmpty());
            assertEquals(List.of("empty.json"), set.files().stream().map(AgreementSet.SourceFile::name).toList());
        }

        @Test
        void everyRecordTypeHasExcludableFields() throws Exception {
            writeValidSetWithPeacekeeping("\"person.distinguishingMarks\"", "\"organisation.identifiers\", "
                    + "\"notice.url\", \"sanction-listing.comments\", \"seizure.region\", \"incident.notes\", "
                    + "\"threat-indicator.externalReferences\", \"ownership.interests\", \"person.heightMetres\"");

            assertEquals(9, loaded().agreement("un-interpol-peacekeeping").orElseThrow().excludedFields().size());
        }
    }

    @Nested
    class FileErrors {

        @Test
        void aMissingDirectoryIsAnErrorNamingIt() {
            Path missing = directory.resolve("no-such-folder");

            AgreementFiles.Result result = AgreementFiles.load(missing);

            assertTrue(result.set().isEmpty());
            assertEquals(1, result.errors().size());
            ConfigError error = result.errors().get(0);
            assertEquals(missing.toString(), error.file());
            assertEquals("", error.path());
            assertEquals("no such directory", error.found());
            assertTrue(error.message().startsWith(missing + ": expected a directory"), error::message);
        }

        @Test
        void aFileInsteadOfTheDirectoryIsAnError() throws Exception {
            write("agreements", "{}");

            AgreementFiles.Result result = AgreementFiles.load(directory.resolve("agreements"));

            assertEquals("a file that is not a directory", result.errors().get(0).found());
            assertTrue(result.set().isEmpty());
        }

        @Test
        void badJsonIsOneErrorWithLineAndColumn() throws Exception {
            writeValidSet();
            write("broken.json", """
                    {
                      "partners": [
                        {"id": "unsc", "name": "UN Security Council", "kind": "un-body",}
                      ]
                    }
                    """);

            ConfigError error = rejectedOnce();

            assertEquals("broken.json", error.file());
            assertTrue(error.expected().startsWith("strict JSON"), error::message);
            assertTrue(error.found().contains("Expected name at line 3 column 70"), error::message);
            assertEquals("$.partners[0].kind", error.path());
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"partners\": [] // a comment\n}",
            "{'partners': []}",
            "{partners: []}",
            "{\"partners\": [],}",
            "{\"partners\": []} {\"purposes\": []}",
            "{\"partners\": [}",
        })
        void lenientJsonIsRefused(String text) throws Exception {
            write("lenient.json", text);

            ConfigError error = rejectedOnce();

            assertEquals("lenient.json", error.file());
            assertTrue(error.found().matches("(?s).* at line \\d+ column \\d+") || error.found().equals("more content"),
                    error::message);
        }

        @Test
        void anEmptyFileIsAnError() throws Exception {
            write("empty.json", "  \n");

            assertError(rejectedOnce(), "empty.json", "$", "a JSON object", "an empty file");
        }

        @Test
        void aMemberNameGivenTwiceInAnObjectIsAnError() throws Exception {
            writeValidSetWithPeacekeeping("\"status\": \"in-force\"",
                    "\"status\": \"in-force\", \"status\": \"signed\"");

            assertError(rejectedOnce(), "un-interpol.json", "$.agreements[0].status", "at most once",
                    "\"status\" a second time");
        }

        @Test
        void aFileThatIsNotUtf8IsAnError() throws Exception {
            Files.write(directory.resolve("latin1.json"),
                    "{\"purposes\": [{\"id\": \"x\", \"description\": \"Op\u00e9rations\"}]}"
                            .getBytes(StandardCharsets.ISO_8859_1));

            assertError(rejectedOnce(), "latin1.json", "", "UTF-8", "bytes that are not UTF-8");
        }

        @Test
        void aFileOverTenMebibytesIsAnError() throws Exception {
            byte[] big = new byte[(int) AgreementFiles.MAX_FILE_BYTES + 1];
            Arrays.fill(big, (byte) ' ');
            big[0] = '{';
            big[big.length - 1] = '}';
            Files.write(directory.resolve("big.json"), big);

            assertError(rejectedOnce(), "big.json", "", "at most 10 MiB",
                    (AgreementFiles.MAX_FILE_BYTES + 1) + " bytes");
        }

        @Test
        void aFileOfExactlyTenMebibytesIsRead() throws Exception {
            byte[] big = new byte[(int) AgreementFiles.MAX_FILE_BYTES];
            Arrays.fill(big, (byte) ' ');
            big[0] = '{';
            big[big.length - 1] = '}';
            Files.write(directory.resolve("big.json"), big);

            assertTrue(loaded().agreements().isEmpty());
        }

        @Test
        void theTopLevelMustBeAnObject() throws Exception {
            write("list.json", "[]");

            assertError(rejectedOnce(), "list.json", "$", "a JSON object with any of the members [partners, ",
                    "an array");
        }

        @Test
        void anUnknownTopLevelMemberIsAnError() throws Exception {
            writeValidSet();
            write("typo.json", """
                    {"agreement": [{"id": "x"}]}
                    """);

            assertError(rejectedOnce(), "typo.json", "$.agreement",
                    "a top-level member among [partners, purposes, projects, agreements, routes, formats, consents]", "\"agreement\"");
        }

        @Test
        void aSectionMustBeAnArray() throws Exception {
            write("partners.json", """
                    {"partners": {"id": "interpol"}}
                    """);

            assertError(rejectedOnce(), "partners.json", "$.partners", "an array of partner objects", "an object");
        }
    }

    @Nested
    class EntryErrors {

        @Test
        void anUnknownMemberInAnEntryIsAnErrorListingTheAllowedNames() throws Exception {
            writeValidSetWithPeacekeeping("\"excludedFields\"", "\"excludedFeilds\"");

            ConfigError error = rejectedOnce();

            assertError(error, "un-interpol.json", "$.agreements[0].excludedFeilds", "a member among [id, title, kind, "
                    + "parties, parent, areas, purposes, recordTypes, excludedFields, geographicScope, validity, "
                    + "status, handlingCeiling, onwardTransfer, project, directions, source]", "\"excludedFeilds\"");
        }

        @Test
        void anUnknownMemberInTheValidityIsAnError() throws Exception {
            writeValidSetWithPeacekeeping("{\"from\": \"1997-07-08\"}",
                    "{\"from\": \"1997-07-08\", \"to\": \"2030-01-01\"}");

            assertError(rejectedOnce(), "un-interpol.json", "$.agreements[0].validity.to", "[from, until]", "\"to\"");
        }

        @Test
        void anUnknownAreaIsAnErrorListingTheKnownAreas() throws Exception {
            writeValidSetWithPeacekeeping("\"database-access\"", "\"database-acess\"");

            assertError(rejectedOnce(), "un-interpol.json", "$.agreements[0].areas[1]",
                    "a known cooperation area (one of [information-exchange, mutual-identification, ",
                    "\"database-acess\"");
        }

        @Test
        void unknownKindStatusTlpRecordTypeAndOnwardTransferAreErrors() throws Exception {
            writeValidSet();
            write("un-interpol.json", """
                    {
                      "agreements": [
                        {
                          "id": "un-interpol-peacekeeping",
                          "title": "UN-INTERPOL",
                          "kind": "treaty",
                          "parties": ["unpol", "interpol"],
                          "areas": ["information-exchange"],
                          "purposes": ["peacekeeping-operations"],
                          "recordTypes": ["person", "persons"],
                          "validity": {"from": "1997-07-08"},
                          "status": "active",
                          "handlingCeiling": "TLP:YELLOW",
                          "onwardTransfer": "allowed"
                        }
                      ]
                    }
                    """);

            List<ConfigError> errors = rejected();

            assertEquals(5, errors.size(), () -> messages(errors));
            assertError(errors.get(0), "un-interpol.json", "$.agreements[0].kind", "a known agreement kind (one of "
                    + "[cooperation-agreement, memorandum-of-understanding, supplementary-agreement, project-charter])",
                    "\"treaty\"");
            assertError(errors.get(1), "un-interpol.json", "$.agreements[0].recordTypes[1]",
                    "a known record type (one of [person, ", "\"persons\"");
            assertError(errors.get(2), "un-interpol.json", "$.agreements[0].status",
                    "a known agreement status (one of [signed, in-force, suspended, terminated])", "\"active\"");
            assertError(errors.get(3), "un-interpol.json", "$.agreements[0].handlingCeiling",
                    "a known TLP label (one of [TLP:CLEAR, ", "\"TLP:YELLOW\"");
            assertError(errors.get(4), "un-interpol.json", "$.agreements[0].onwardTransfer",
                    "a known onward transfer rule (one of [prohibited, with-originator-consent, permitted])",
                    "\"allowed\"");
        }

        @Test
        void missingRequiredMembersAreEachReported() throws Exception {
            write("partial.json", """
                    {"agreements": [{"id": "un-interpol-peacekeeping", "kind": "cooperation-agreement"}]}
                    """);

            List<ConfigError> errors = rejected();

            assertEquals(List.of("$.agreements[0].title", "$.agreements[0].parties", "$.agreements[0].areas",
                    "$.agreements[0].purposes", "$.agreements[0].validity", "$.agreements[0].status"),
                    errors.stream().map(ConfigError::path).toList(), () -> messages(errors));
            assertTrue(errors.stream().allMatch(error -> error.found().equals("nothing")), () -> messages(errors));
            assertEquals("partial.json: $.agreements[0].title: expected a string (required), found nothing",
                    errors.get(0).message());
        }

        @Test
        void aValueOfTheWrongTypeIsAnError() throws Exception {
            writeValidSetWithPeacekeeping("\"parties\": [\"unpol\", \"interpol\"]", "\"parties\": [\"unpol\", 7]");

            assertError(rejectedOnce(), "un-interpol.json", "$.agreements[0].parties[1]", "a string", "7");
        }

        @Test
        void aMalformedDateIsAnError() throws Exception {
            writeValidSetWithPeacekeeping("\"1997-07-08\"", "\"08/07/1997\"");

            assertError(rejectedOnce(), "un-interpol.json", "$.agreements[0].validity.from", "yyyy-mm-dd",
                    "\"08/07/1997\"");
        }

        @Test
        void untilBeforeFromIsAnErrorAtUntil() throws Exception {
            writeValidSetWithPeacekeeping("{\"from\": \"1997-07-08\"}",
                    "{\"from\": \"1997-07-08\", \"until\": \"1997-07-07\"}");

            ConfigError error = rejectedOnce();

            assertError(error, "un-interpol.json", "$.agreements[0].validity.until",
                    "not to be before from (1997-07-08)", "1997-07-07");
        }

        @Test
        void aSupplementWithoutParentIsAnErrorAtParent() throws Exception {
            writeValidSet();
            write("singapore.json", SUPPLEMENT.replace("\"parent\": \"un-interpol-peacekeeping\",", ""));

            assertError(rejectedOnce(), "singapore.json", "$.agreements[0].parent",
                    "'parent' is required for a supplementary-agreement", "nothing");
        }

        @Test
        void aParentOnAnAgreementThatIsNoSupplementIsAnError() throws Exception {
            writeValidSet();
            write("singapore.json", SUPPLEMENT.replace("supplementary-agreement", "memorandum-of-understanding"));

            List<ConfigError> errors = rejected();

            // the builder checks the parties (none) before the parent
            assertError(errors.get(0), "singapore.json", "$.agreements[0].parties", "to name at least two partners",
                    "[]");
        }

        @Test
        void aModelRuleOnAnArrayElementIsReportedAtTheElement() throws Exception {
            writeValidSetWithPeacekeeping("[\"unpol\", \"interpol\"]", "[\"unpol\", \"INTERPOL\"]");

            assertError(rejectedOnce(), "un-interpol.json", "$.agreements[0].parties[1]",
                    "to contain only slugs matching", "'INTERPOL'");
        }

        @Test
        void aProjectCharterWithoutProjectIsAnError() throws Exception {
            writeValidSet();
            write("crimjust.json", CRIMJUST.replace("\"project\": \"crimjust\",", ""));

            assertError(rejectedOnce(), "crimjust.json", "$.agreements[0].project",
                    "a project-charter must name its project", "nothing");
        }

        @Test
        void aPartnerWithAnInvalidCountryIsAnErrorAtCountry() throws Exception {
            writeValidSet();
            write("partners.json", PARTNERS.replace("\"DE\"", "\"Germany\""));

            assertError(rejectedOnce(), "partners.json", "$.partners[3].country", "ISO 3166-1 alpha-2", "'Germany'");
        }

        @Test
        void anEntryThatIsNotAnObjectIsAnError() throws Exception {
            write("purposes.json", """
                    {"purposes": ["counter-terrorism"]}
                    """);

            assertError(rejectedOnce(), "purposes.json", "$.purposes[0]", "a purpose object",
                    "\"counter-terrorism\"");
        }

        @Test
        void aPurposeIdMustBeASlug() throws Exception {
            write("purposes.json", """
                    {"purposes": [{"id": "Counter Terrorism", "description": "Casework against terrorism."}]}
                    """);

            assertError(rejectedOnce(), "purposes.json", "$.purposes[0].id", "a slug", "\"Counter Terrorism\"");
        }
    }

    @Nested
    class ExcludedFields {

        private ConfigError excluding(String field) throws IOException {
            writeValidSetWithPeacekeeping("\"person.distinguishingMarks\"", "\"" + field + "\"");
            return rejectedOnce();
        }

        @Test
        void aFieldTheRecordDoesNotHaveIsAnErrorListingTheRemovableFields() throws Exception {
            ConfigError error = excluding("person.distinguishingMark");

            assertError(error, "un-interpol.json", "$.agreements[0].excludedFields[0]",
                    "a field that Person records may lack (one of [addresses, aliases, countryOfBirth, dateOfDeath, "
                            + "datesOfBirth, distinguishingMarks, documents, ", "\"person.distinguishingMark\"");
            assertTrue(error.expected().endsWith("Person has no field 'distinguishingMark'"), error::message);
        }

        @Test
        void anUnknownRecordTypeIsAnError() throws Exception {
            assertError(excluding("persons.distinguishingMarks"), "un-interpol.json",
                    "$.agreements[0].excludedFields[0]", "with a known record type (one of [person, organisation, ",
                    "\"persons.distinguishingMarks\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"person", "person.", ".name", "person..aliases"})
        void aPathWithoutTypeAndFieldIsAnError(String field) throws Exception {
            assertError(excluding(field), "un-interpol.json", "$.agreements[0].excludedFields[0]",
                    "a field written <record-type>.<field>", ConfigObject.quote(field));
        }

        @ParameterizedTest
        @ValueSource(strings = {"person.name", "seizure.quantityKg", "notice.subject", "incident.fatalities",
            "sanction-listing.person", "ownership.interestedPartyId", "threat-indicator.objectType"})
        void aRequiredFieldCannotBeExcluded(String field) throws Exception {
            ConfigError error = excluding(field);

            assertTrue(error.expected().endsWith("is required, so it cannot be removed"), error::message);
        }

        @ParameterizedTest
        @ValueSource(strings = {"person.id", "notice.marking"})
        void theIdAndTheMarkingCannotBeExcluded(String field) throws Exception {
            ConfigError error = excluding(field);

            assertTrue(error.expected().endsWith("cannot be removed"), error::message);
        }

        @ParameterizedTest
        @ValueSource(strings = {"notice.subject.documents", "person.documents.number", "person.name.fullName"})
        void aPathDeeperThanOneFieldIsAnErrorPointingToTheNestedRecordsOwnType(String field) throws Exception {
            assertError(excluding(field), "un-interpol.json", "$.agreements[0].excludedFields[0]",
                    "one level only (a field of a record nested in another, such as the subject of a notice, is "
                            + "excluded through its own type: person.<field> applies to every person, nested or not)",
                    ConfigObject.quote(field));
        }

        @Test
        void staticFieldsAreNotRecordFields() throws Exception {
            // Person has a static LANGUAGE pattern
            assertTrue(excluding("person.LANGUAGE").expected().endsWith("Person has no field 'LANGUAGE'"));
        }
    }

    /** One-way provisions: {@code directions}. */
    @Nested
    class Directions {

        private static final String STATUS = "\"status\": \"in-force\"";

        private void writeWithDirections(String directions) throws IOException {
            writeValidSetWithPeacekeeping(STATUS, STATUS + ",\n      \"directions\": " + directions);
        }

        @Test
        void aDirectionIsLoadedForItsAgreementAndOtherAgreementsHaveNone() throws Exception {
            writeWithDirections("[{\"area\": \"database-access\", \"from\": [\"interpol\"], \"to\": [\"unpol\"]}]");

            AgreementSet set = loaded();

            assertEquals(List.of(new Direction(CooperationArea.ACCESS_TO_DATABASES, Set.of("interpol"), Set.of("unpol"))),
                    set.directions("un-interpol-peacekeeping"));
            assertEquals(List.of(), set.directions("un-interpol-singapore-supplement"));
        }

        @Test
        void aDirectionMustNameOneOfTheAgreementsAreasAndPartnersOnBothSides() throws Exception {
            writeWithDirections("""
                    [{"area": "technical-assistance", "from": ["interpol"], "to": ["unpol"]},
                     {"area": "database-access", "from": [], "to": ["unpol", "interpol"]},
                     {"area": "database-access", "from": ["unpol"], "to": ["unpol"], "via": "x"},
                     "database-access"]""");

            List<ConfigError> errors = rejected();

            assertEquals(List.of(
                    "un-interpol.json: $.agreements[0].directions[0].area: expected one of the agreement's areas"
                            + " [information-exchange, database-access], found \"technical-assistance\"",
                    "un-interpol.json: $.agreements[0].directions[1].from: expected at least one partner, found []",
                    "un-interpol.json: $.agreements[0].directions[2].to: expected partners other than those of"
                            + " 'from' (a direction goes one way), found \"unpol\"",
                    "un-interpol.json: $.agreements[0].directions[2].via: expected a member among [area, from, to],"
                            + " found \"via\"",
                    "un-interpol.json: $.agreements[0].directions[3]: expected an object with the members"
                            + " [area, from, to], found \"database-access\""),
                    errors.stream().map(ConfigError::message).sorted().toList());
        }

        @Test
        void theirPartnersMustBePartiesOfTheAgreementOrOfItsParent() throws Exception {
            writeWithDirections("[{\"area\": \"database-access\", \"from\": [\"interpol\"], \"to\": [\"unodc\"]}]");
            write("singapore.json", SUPPLEMENT.replace("\"status\": \"in-force\"", "\"status\": \"in-force\",\n"
                    + "      \"directions\": [{\"area\": \"national-police-support\", \"from\": [\"unpol\"],"
                    + " \"to\": [\"transparency-international\"]}]"));

            List<ConfigError> errors = rejected();

            assertEquals(List.of(
                    "singapore.json: $.agreements[0].directions[0].to: expected a party of"
                            + " un-interpol-singapore-supplement (one of [interpol, unpol]), found"
                            + " \"transparency-international\"",
                    "un-interpol.json: $.agreements[0].directions[0].to: expected a party of"
                            + " un-interpol-peacekeeping (one of [interpol, unpol]), found \"unodc\""),
                    errors.stream().map(ConfigError::message).toList());
        }
    }

    /** UN M49 regions in a geographic scope. */
    @Nested
    class NamedRegions {

        @Test
        void aRegionStandsForItsCountriesAndTheSetKeepsItsName() throws Exception {
            writeValidSet();
            write("crimjust.json", CRIMJUST.replace("\"status\": \"in-force\"",
                    "\"status\": \"in-force\",\n      \"geographicScope\": [\"M49:011\", \"m49:029\", \"CM\"]"));

            AgreementSet set = loaded();

            Set<String> scope = set.agreement("crimjust-charter").orElseThrow().geographicScope();
            assertTrue(scope.containsAll(Set.of("GH", "NG", "SN", "CV", "JM", "HT", "CU", "CM")), scope::toString);
            assertFalse(scope.contains("CO") || scope.contains("DE"), scope::toString);
            assertEquals(17 + 28 + 1, scope.size(), () -> "Western Africa's 17 and the Caribbean's 28 countries and"
                    + " areas with an ISO code, and Cameroon: " + scope);
            assertEquals(List.of("Western Africa (M49:011)", "Caribbean (M49:029)"),
                    set.regions("crimjust-charter").stream().map(M49.Region::label).toList());
        }

        @Test
        void anUnknownRegionOrACountrysM49CodeIsAnErrorAtItsPlace() throws Exception {
            writeValidSet();
            write("crimjust.json", CRIMJUST.replace("\"status\": \"in-force\"",
                    "\"status\": \"in-force\",\n      \"geographicScope\": [\"GH\", \"M49:999\", \"M49:288\"]"));

            List<ConfigError> errors = rejected();

            assertEquals(List.of("crimjust.json: $.agreements[0].geographicScope[1]: expected a country code, or a UN"
                    + " M49 region of countries such as M49:011 (Western Africa), M49:029 (Caribbean), M49:419 (Latin"
                    + " America and the Caribbean), found \"M49:999\"", "crimjust.json: $.agreements[0]"
                    + ".geographicScope[2]: expected a country code, or a UN M49 region of countries such as M49:011"
                    + " (Western Africa), M49:029 (Caribbean), M49:419 (Latin America and the Caribbean), found"
                    + " \"M49:288\""), errors.stream().map(ConfigError::message).toList());
        }
    }

    /** Consents to onward transfer: {@code consents}. */
    @Nested
    class Consents {

        private static final String CONSENT = """
                {
                  "consents": [
                    {
                      "id": "unodc-crimjust-2026-001",
                      "originator": "unodc",
                      "sender": "interpol",
                      "recipient": "unpol",
                      "recordTypes": ["seizure"],
                      "records": ["s1", "s2"],
                      "validity": {"from": "2026-12-01", "until": "2027-05-31"},
                      "status": "given",
                      "document": "UNODC letter 2026/17"
                    }
                  ]
                }
                """;

        @Test
        void aConsentIsLoadedFromItsOwnFolderWhichMayBeMissing() throws Exception {
            writeValidSet();
            Path consents = Files.createDirectories(directory.resolve("consents"));
            Files.writeString(consents.resolve("crimjust.json"), CONSENT);

            AgreementFiles.Result result = AgreementFiles.load(List.of(directory, consents), Set.of(consents));

            assertEquals(List.of(), result.errors());
            Consent consent = result.set().orElseThrow().consents().get("unodc-crimjust-2026-001");
            assertEquals(new Consent("unodc-crimjust-2026-001", "unodc", "interpol", "unpol",
                    Set.of(RecordType.SEIZURE), Set.of("s1", "s2"), Set.of(), ValidityWindow.of(
                            LocalDate.of(2026, 12, 1), LocalDate.of(2027, 5, 31)), false, "UNODC letter 2026/17"),
                    consent);
            Path missing = directory.resolve("no-consents");
            assertTrue(AgreementFiles.load(List.of(directory, missing), Set.of(missing)).set().isPresent());
            assertFalse(AgreementFiles.load(List.of(directory, missing)).set().isPresent(),
                    "a folder that is not optional must exist");
        }

        @Test
        void aConsentNamesKnownPartnersThreeDistinctOnesAStatusAndItsDocument() throws Exception {
            writeValidSet();
            write("consents.json", CONSENT.replace("\"recipient\": \"unpol\"", "\"recipient\": \"unodc\"")
                    .replace("\"given\"", "\"granted\"").replace("\"UNODC letter 2026/17\"", "\" \""));

            List<ConfigError> errors = rejected();

            assertEquals(List.of(
                    "consents.json: $.consents[0].status: expected a consent status (one of [given, withdrawn]),"
                            + " found \"granted\"",
                    "consents.json: $.consents[0].document: expected the reference of the document that records"
                            + " the consent, found \" \"",
                    "consents.json: $.consents[0].recipient: expected a third partner, neither the originator nor"
                            + " the sender, found \"unodc\""),
                    errors.stream().map(ConfigError::message).toList());

            write("consents.json", CONSENT.replace("\"sender\": \"interpol\"", "\"sender\": \"interpool\""));
            assertEquals("consents.json: $.consents[0].sender: expected a known partner id (one of [interpol,"
                    + " transparency-international, unodc, unpol]), found \"interpool\"", rejectedOnce().message());
        }
    }

    @Nested
    class CrossFileErrors {

        @Test
        void anUnknownPartnerIsAnErrorListingTheKnownOnes() throws Exception {
            writeValidSetWithPeacekeeping("[\"unpol\", \"interpol\"]", "[\"interpol\", \"unpool\"]");

            ConfigError error = rejectedOnce();

            assertEquals("un-interpol.json: $.agreements[0].parties[1]: expected a known partner id (one of [interpol, "
                    + "transparency-international, unodc, unpol]), found \"unpool\"", error.message());
        }

        @Test
        void anUnknownPurposeIsAnError() throws Exception {
            writeValidSetWithPeacekeeping("[\"peacekeeping-operations\"]", "[\"peace-keeping\"]");

            assertError(rejectedOnce(), "un-interpol.json", "$.agreements[0].purposes[0]",
                    "a known purpose id (one of [drug-trafficking, peacekeeping-operations, "
                            + "post-conflict-stabilisation])", "\"peace-keeping\"");
        }

        @Test
        void unknownReferencesOfProjectsPartnersAndAgreementsAreErrors() throws Exception {
            writeValidSet();
            write("crimjust.json", CRIMJUST.replace("\"project\": \"crimjust\"", "\"project\": \"crimejust\"")
                    .replace("\"purposes\": [\"drug-trafficking\"]\n    }", "\"purposes\": [\"drugs\"]\n    }")
                    .replace("[\"unodc\", \"interpol\", \"transparency-international\"],\n      \"part",
                            "[\"unodc\", \"interpol\", \"ti\"],\n      \"part"));
            write("partners.json",
                    PARTNERS.replace("\"kind\": \"un-body\"}", "\"kind\": \"un-body\", \"parent\": \"un\"}"));
            write("singapore.json", SUPPLEMENT.replace("\"parent\": \"un-interpol-peacekeeping\"",
                    "\"parent\": \"un-interpol-1997\""));

            List<ConfigError> errors = rejected();

            assertEquals(List.of(
                    "crimjust.json $.projects[0].leadingPartners[2] \"ti\"",
                    "crimjust.json $.projects[0].purposes[0] \"drugs\"",
                    "crimjust.json $.agreements[0].project \"crimejust\"",
                    "partners.json $.partners[1].parent \"un\"",
                    "partners.json $.partners[2].parent \"un\"",
                    "singapore.json $.agreements[0].parent \"un-interpol-1997\""),
                    errors.stream().map(error -> error.file() + " " + error.path() + " " + error.found()).toList(),
                    () -> messages(errors));
            assertTrue(errors.get(2).expected().startsWith("a known project id (one of [crimjust])"),
                    errors.get(2)::message);
            assertTrue(errors.get(5).expected().startsWith("a known agreement id (one of [crimjust-charter, "),
                    errors.get(5)::message);
        }

        @Test
        void anIdDeclaredInTwoFilesIsAnErrorNamingBoth() throws Exception {
            writeValidSet();
            write("more-partners.json", """
                    {"partners": [
                      {"id": "unsc", "name": "UN Security Council", "kind": "un-body"},
                      {"id": "unodc", "name": "UN Office on Drugs and Crime", "kind": "un-body"}
                    ]}
                    """);

            ConfigError error = rejectedOnce();

            assertError(error, "partners.json", "$.partners[2].id", "already declared in more-partners.json at "
                    + "$.partners[1]", "\"unodc\"");
            assertTrue(error.message().startsWith("partners.json: "), error::message);
        }

        @Test
        void duplicateIdsAreFoundForEveryKindOfEntry() throws Exception {
            writeValidSet();
            write("zz-copy.json", CRIMJUST);
            write("zz-purposes.json", """
                    {"purposes": [{"id": "drug-trafficking", "description": "Again."}]}
                    """);

            List<ConfigError> errors = rejected();

            assertEquals(List.of("zz-copy.json $.projects[0].id", "zz-copy.json $.agreements[0].id",
                    "zz-purposes.json $.purposes[0].id"),
                    errors.stream().map(error -> error.file() + " " + error.path()).toList(), () -> messages(errors));
        }

        @Test
        void aCycleOfParentsIsAnError() throws Exception {
            writeValidSet();
            write("cycle.json", """
                    {"agreements": [
                      {"id": "a", "title": "A", "kind": "supplementary-agreement", "parent": "b", "parties": [],
                       "areas": ["information-exchange"], "purposes": [], "validity": {"from": "2020-01-01"},
                       "status": "in-force"},
                      {"id": "b", "title": "B", "kind": "supplementary-agreement", "parent": "a", "parties": [],
                       "areas": ["information-exchange"], "purposes": [], "validity": {"from": "2020-01-01"},
                       "status": "in-force"}
                    ]}
                    """);

            assertError(rejectedOnce(), "cycle.json", "$.agreements[0].parent",
                    "a chain of parents that ends at an agreement without parent", "a cycle a -> b -> a");
        }

        @Test
        void allErrorsOfAllFilesAreReportedInOnePassGroupedByFile() throws Exception {
            writeValidSet();
            write("un-interpol.json", PEACEKEEPING.replace("[\"unpol\", \"interpol\"]", "[\"unpol\", \"unpool\"]")
                    .replace("\"1997-07-08\"}", "\"1997-07-08\", \"until\": \"1990-01-01\"}"));
            write("crimjust.json", CRIMJUST.replace("\"project\": \"crimjust\",", ""));
            write("broken.json", "{");

            List<ConfigError> errors = rejected();

            assertEquals(List.of("broken.json", "crimjust.json", "un-interpol.json"),
                    errors.stream().map(ConfigError::file).toList(), () -> messages(errors));
        }
    }

    @Nested
    class NoCascades {

        @Test
        void anAgreementInvalidByItselfIsNotCheckedForReferences() throws Exception {
            writeValidSetWithPeacekeeping("\"parties\": [\"unpol\", \"interpol\"]",
                    "\"parties\": [\"unpool\", \"interpool\"], \"project\": \"none\", \"status\": \"in force\"");
            write("un-interpol.json", PEACEKEEPING.replace("[\"unpol\", \"interpol\"]", "[\"unpool\", \"interpool\"]")
                    .replace("\"in-force\"", "\"in force\""));

            ConfigError error = rejectedOnce();

            assertEquals("$.agreements[0].status", error.path());
        }

        @Test
        void referencesToAFileThatIsNotJsonAreNotReportedAsUnknown() throws Exception {
            writeValidSet();
            write("partners.json", PARTNERS.replace("\"un-body\"},", "\"un-body\"}"));

            ConfigError error = rejectedOnce();

            assertEquals("partners.json", error.file());
            assertTrue(error.expected().startsWith("strict JSON"), error::message);
        }

        @Test
        void referencesToAnEntryThatIsInvalidByItselfAreNotReportedAsUnknown() throws Exception {
            writeValidSet();
            write("partners.json", PARTNERS.replace("\"kind\": \"ngo\"", "\"kind\": \"non-governmental\""));

            ConfigError error = rejectedOnce();

            assertEquals("$.partners[3].kind", error.path());
        }

        @Test
        void referencesToAKindWithAnUnidentifiedEntryAreNotChecked() throws Exception {
            writeValidSet();
            write("partners.json", PARTNERS.replace("{\"id\": \"unpol\",", "{\"ident\": \"unpol\","));

            List<ConfigError> errors = rejected();

            assertEquals(List.of("$.partners[1].ident", "$.partners[1].id"),
                    errors.stream().map(ConfigError::path).toList(), () -> messages(errors));
        }
    }

    /** The examples of docs/agreements.md are a valid set: the documentation cannot drift from the loader. */
    @Test
    void theExamplesOfTheDocumentationLoad() throws Exception {
        Path doc = Path.of(System.getProperty("liaison.docs", "../docs")).resolve("agreements.md");
        Matcher blocks = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
        List<String> examples = new ArrayList<>();
        while (blocks.find()) {
            examples.add(blocks.group(1));
        }
        assertTrue(examples.size() >= 5, "the partners and purposes, and one example per kind of agreement");
        for (int i = 0; i < examples.size(); i++) {
            write(String.format("example-%02d.json", i), examples.get(i));
        }

        AgreementSet set = loaded();

        assertEquals(Set.of(AgreementKind.values()),
                set.agreements().values().stream().map(Agreement::kind).collect(Collectors.toSet()));
        assertEquals(List.of(new Direction(CooperationArea.ACCESS_TO_DATABASES, Set.of("interpol"), Set.of("unpol"))),
                set.directions("un-interpol-peacekeeping"), "the directions example");
        assertEquals(List.of("419", "011"), set.regions("crimjust-charter").stream().map(M49.Region::code).toList(),
                "the named regions example");
        assertEquals(Set.of("unodc-crimjust-ghana-2019"), set.consents().keySet(), "the consents example");
    }
}
