package org.liaison.plugin.unsc;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.liaison.api.format.RecordError;
import org.liaison.api.record.Address;
import org.liaison.api.record.IdentityDocument;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.SanctionListing;
import org.liaison.api.record.Sex;
import org.liaison.api.record.SubjectKind;

/**
 * Maps one INDIVIDUAL or ENTITY element to a {@link SanctionListing}. The mapping is specified in
 * {@link ConsolidatedListFormat}; this class keeps no state.
 */
final class ListingMapper {

    /** A listing that cannot be mapped, with the error that says why. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient RecordError error;

        Rejected(RecordError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        RecordError error() {
            return error;
        }
    }

    /** The widest BETWEEN range of birth years accepted; each year of it becomes a possible date of birth. */
    static final int MAX_BIRTH_YEAR_RANGE = 100;

    static final String[] NAME_PARTS = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};

    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final String DATE_RULE = "a date like 2016-11-30";
    private static final String KEPT = "; the listing was kept without it";

    private ListingMapper() {
    }

    /**
     * Maps an INDIVIDUAL element.
     *
     * @param notes receives errors about values left out of a listing that is kept
     * @throws Rejected when the listing must be left out
     */
    static SanctionListing individual(Element element, Consumer<RecordError> notes) throws Rejected {
        String id = required(element, "DATAID", "the listing's data id, such as 6908555");
        List<String> parts = nameParts(element);
        // a name in FIRST_NAME alone is the name given whole (TAi.036 FAIZ, QDi.018 ABDUL MANAN AGHA): no parts,
        // so that it reads back the same as a whole name from another source, which the list writes there too
        PersonName.Builder name = PersonName.builder().fullName(String.join(" ", parts))
                .parts(parts.size() > 1 ? parts : List.of())
                .originalScript(element.collapsedTextOf("NAME_ORIGINAL_SCRIPT"));
        Person.Builder person = Person.builder().id(id)
                .name(build(element, name::build))
                .aliases(aliases(element))
                .sex(sex(element))
                .datesOfBirth(datesOfBirth(element))
                .nationalities(nationalities(element, notes))
                .documents(documents(element, notes))
                .addresses(addresses(element, "INDIVIDUAL_ADDRESS"));
        placeOfBirth(element, person);
        SanctionListing.Builder listing = listing(element, id, SubjectKind.INDIVIDUAL)
                .person(build(element, person::build));
        return build(element, listing::build);
    }

    /**
     * Maps an ENTITY element.
     *
     * @throws Rejected when the listing must be left out
     */
    static SanctionListing entity(Element element) throws Rejected {
        String id = required(element, "DATAID", "the listing's data id, such as 6908555");
        List<String> aliases = new ArrayList<>();
        for (Element alias : element.children("ENTITY_ALIAS")) {
            String aliasName = alias.collapsedTextOf("ALIAS_NAME");
            if (aliasName != null) {
                aliases.add(aliasName);
            }
        }
        Organisation.Builder organisation = Organisation.builder().id(id)
                .name(String.join(" ", nameParts(element))).aliases(aliases)
                .addresses(addresses(element, "ENTITY_ADDRESS"));
        SanctionListing.Builder listing = listing(element, id, SubjectKind.ENTITY)
                .organisation(build(element, organisation::build));
        return build(element, listing::build);
    }

    private static SanctionListing.Builder listing(Element element, String id, SubjectKind kind) throws Rejected {
        List<LocalDate> updated = new ArrayList<>();
        Element lastDayUpdated = element.child("LAST_DAY_UPDATED");
        if (lastDayUpdated != null) {
            for (Element value : lastDayUpdated.children("VALUE")) {
                LocalDate date = date(value);
                if (date != null) {
                    updated.add(date);
                }
            }
        }
        Element listedOn = element.child("LISTED_ON");
        SanctionListing.Builder listing = SanctionListing.builder().id(id)
                .referenceNumber(required(element, "REFERENCE_NUMBER", "the listing's reference number, such as"
                        + " QDi.001"))
                .listType(required(element, "UN_LIST_TYPE", "the sanctions list, such as Al-Qaida or DPRK"))
                .subjectKind(kind)
                .listedOn(listedOn == null ? null : date(listedOn))
                .lastUpdated(updated)
                .comments(element.textOf("COMMENTS1"));
        return listing;
    }

    private interface Build<T> {
        T build();
    }

    private static <T> T build(Element element, Build<T> builder) throws Rejected {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new Rejected(RecordError.of(element.path(), null, "a listing the model accepts: "
                    + e.getMessage(), null));
        }
    }

    private static String required(Element element, String field, String expected) throws Rejected {
        String value = element.textOf(field);
        if (value == null) {
            throw new Rejected(RecordError.of(element.path(field), field, expected, null));
        }
        return value;
    }

    /**
     * The parts of FIRST_NAME to FOURTH_NAME that are present, in that order, each with its runs of white space made
     * one space; at least one.
     */
    private static List<String> nameParts(Element element) throws Rejected {
        List<String> parts = new ArrayList<>(NAME_PARTS.length);
        for (String part : NAME_PARTS) {
            String text = element.collapsedTextOf(part);
            if (text != null) {
                parts.add(text);
            }
        }
        if (parts.isEmpty()) {
            throw new Rejected(RecordError.of(element.path("FIRST_NAME"), "FIRST_NAME",
                    "a name in FIRST_NAME to FOURTH_NAME", null));
        }
        return parts;
    }

    private static List<PersonName> aliases(Element element) {
        List<PersonName> aliases = new ArrayList<>();
        for (Element alias : element.children("INDIVIDUAL_ALIAS")) {
            String name = alias.collapsedTextOf("ALIAS_NAME");
            if (name != null) {
                aliases.add(PersonName.builder().fullName(name).quality(alias.collapsedTextOf("QUALITY")).build());
            }
        }
        return aliases;
    }

    private static Sex sex(Element element) throws Rejected {
        String gender = element.textOf("GENDER");
        if (gender == null) {
            return null;
        }
        return switch (gender.toLowerCase(Locale.ROOT)) {
            case "male" -> Sex.MALE;
            case "female" -> Sex.FEMALE;
            case "unknown" -> Sex.UNKNOWN;
            default -> throw new Rejected(RecordError.of(element.path("GENDER"), "GENDER",
                    "Male, Female or Unknown", gender));
        };
    }

    private static List<PartialDate> datesOfBirth(Element element) throws Rejected {
        List<PartialDate> dates = new ArrayList<>();
        for (Element birth : element.children("INDIVIDUAL_DATE_OF_BIRTH")) {
            String type = birth.textOf("TYPE_OF_DATE");
            if (type != null && !type.equals("EXACT") && !type.equals("APPROXIMATELY") && !type.equals("BETWEEN")) {
                throw new Rejected(RecordError.of(birth.path("TYPE_OF_DATE"), "TYPE_OF_DATE",
                        "EXACT, APPROXIMATELY or BETWEEN", type));
            }
            // APPROXIMATELY qualifies every date of its element, even a range of years; EXACT, BETWEEN or none
            // leaves them exact
            boolean approximate = "APPROXIMATELY".equals(type);
            Element date = birth.child("DATE");
            if (date != null && date.text() != null) {
                LocalDate day = date(date);
                dates.add(PartialDate.of(day).toBuilder().approximate(approximate).build());
            }
            Element year = birth.child("YEAR");
            if (year != null && year.text() != null) {
                dates.add(PartialDate.builder().year(year(year)).approximate(approximate).build());
            }
            Element from = birth.child("FROM_YEAR");
            Element to = birth.child("TO_YEAR");
            if (from != null && from.text() != null || to != null && to.text() != null) {
                if (from == null || from.text() == null || to == null || to.text() == null) {
                    String missing = from == null || from.text() == null ? "FROM_YEAR" : "TO_YEAR";
                    throw new Rejected(RecordError.of(birth.path(missing), missing,
                            "both FROM_YEAR and TO_YEAR for a range of birth years", null));
                }
                int first = year(from);
                int last = year(to);
                if (last < first || last - first >= MAX_BIRTH_YEAR_RANGE) {
                    throw new Rejected(RecordError.of(to.path(), "TO_YEAR", "a year from FROM_YEAR (" + first
                            + ") to " + (first + MAX_BIRTH_YEAR_RANGE - 1), to.text()));
                }
                for (int each = first; each <= last; each++) {
                    dates.add(PartialDate.builder().year(each).approximate(approximate).build());
                }
            }
        }
        return dates;
    }

    private static int year(Element year) throws Rejected {
        String text = year.text();
        if (!YEAR.matcher(text).matches() || Integer.parseInt(text) < 1) {
            throw new Rejected(RecordError.of(year.path(), year.name(), "a year like 1964", text));
        }
        return Integer.parseInt(text);
    }

    /** A date like 2016-11-30, possibly with a time zone ({@code 2016-11-30-04:00}), which is dropped. */
    private static LocalDate date(Element element) throws Rejected {
        String text = element.text();
        if (text == null) {
            return null;
        }
        Matcher matcher = DATE.matcher(text);
        if (matcher.matches()) {
            try {
                return LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                        Integer.parseInt(matcher.group(3)));
            } catch (DateTimeException e) {
                // reported below
            }
        }
        throw new Rejected(RecordError.of(element.path(), element.name(), DATE_RULE, text));
    }

    private static Set<String> nationalities(Element element, Consumer<RecordError> notes) {
        Set<String> codes = new LinkedHashSet<>();
        for (Element nationality : element.children("NATIONALITY")) {
            for (Element value : nationality.children("VALUE")) {
                String name = value.collapsedText();
                if (name == null) {
                    continue;
                }
                String code = Countries.code(name);
                if (code == null) {
                    notes.accept(RecordError.of(value.path(), "NATIONALITY",
                            "a country name such as Afghanistan or Iran (Islamic Republic of)" + KEPT, name));
                } else {
                    codes.add(code);
                }
            }
        }
        return codes;
    }

    private static List<IdentityDocument> documents(Element element, Consumer<RecordError> notes) {
        List<IdentityDocument> documents = new ArrayList<>();
        for (Element document : element.children("INDIVIDUAL_DOCUMENT")) {
            String type = document.collapsedTextOf("TYPE_OF_DOCUMENT");
            String otherType = document.collapsedTextOf("TYPE_OF_DOCUMENT2");
            String number = document.textOf("NUMBER");
            List<String> note = new ArrayList<>();
            add(note, null, document.textOf("NOTE"));
            if (type == null) {
                type = otherType;
            } else {
                add(note, "also described as: ", otherType);
            }
            String issuing = country(document.textOf("ISSUING_COUNTRY"), note, "issuing country: ");
            String ofIssue = document.textOf("COUNTRY_OF_ISSUE");
            if (issuing == null && Countries.code(ofIssue) != null) {
                issuing = Countries.code(ofIssue);
            } else {
                add(note, "country of issue: ", ofIssue);
            }
            add(note, "city of issue: ", document.textOf("CITY_OF_ISSUE"));
            add(note, "date of issue: ", document.textOf("DATE_OF_ISSUE"));
            if (type == null && number == null && issuing == null && note.isEmpty()) {
                continue;
            }
            if (number == null) {
                notes.accept(RecordError.of(document.path("NUMBER"), "NUMBER",
                        "a document number (the model keeps no document without one)" + KEPT,
                        type == null ? String.join("; ", note) : type + ": " + String.join("; ", note)));
                continue;
            }
            documents.add(IdentityDocument.builder().type(type == null ? "unspecified" : type).number(number)
                    .issuingCountry(issuing).note(note.isEmpty() ? null : String.join("; ", note)).build());
        }
        return documents;
    }

    private static List<Address> addresses(Element element, String name) {
        List<Address> addresses = new ArrayList<>();
        for (Element address : element.children(name)) {
            List<String> note = new ArrayList<>();
            add(note, null, address.textOf("NOTE"));
            String country = country(address.textOf("COUNTRY"), note, "country: ");
            String street = address.textOf("STREET");
            String city = address.textOf("CITY");
            String region = address.textOf("STATE_PROVINCE");
            String postalCode = address.textOf("ZIP_CODE");
            if (street == null && city == null && region == null && postalCode == null && country == null
                    && note.isEmpty()) {
                continue;
            }
            addresses.add(Address.builder().street(street).city(city).region(region).postalCode(postalCode)
                    .country(country).note(note.isEmpty() ? null : String.join("; ", note)).build());
        }
        return addresses;
    }

    /**
     * The place and country of birth. When every place of birth that names a country names the same one and it
     * maps to a code, that code is the country of birth and the place is the rest (city, state or province,
     * note); otherwise there is no country of birth and each place keeps its country name in the text. Several
     * places are joined with {@code "; "}.
     */
    private static void placeOfBirth(Element element, Person.Builder person) {
        List<Element> places = element.children("INDIVIDUAL_PLACE_OF_BIRTH");
        Set<String> countries = new LinkedHashSet<>();
        boolean allMapped = true;
        for (Element place : places) {
            String country = place.collapsedTextOf("COUNTRY");
            if (country != null) {
                String code = Countries.code(country);
                allMapped &= code != null;
                countries.add(code == null ? country : code);
            }
        }
        boolean oneCountry = allMapped && countries.size() == 1;
        List<String> texts = new ArrayList<>();
        for (Element place : places) {
            List<String> parts = new ArrayList<>();
            add(parts, null, place.textOf("CITY"));
            add(parts, null, place.textOf("STATE_PROVINCE"));
            add(parts, null, place.textOf("NOTE"));
            if (!oneCountry) {
                add(parts, null, place.collapsedTextOf("COUNTRY"));
            }
            if (!parts.isEmpty()) {
                texts.add(String.join(", ", parts));
            }
        }
        person.placeOfBirth(texts.isEmpty() ? null : String.join("; ", texts));
        person.countryOfBirth(oneCountry ? countries.iterator().next() : null);
    }

    /** The code of a country name; a name that maps to none goes into the note, with a label. */
    private static String country(String name, List<String> note, String label) {
        if (name == null) {
            return null;
        }
        String code = Countries.code(name);
        if (code == null) {
            note.add(label + name);
        }
        return code;
    }

    private static void add(List<String> parts, String label, String text) {
        if (text != null) {
            parts.add(label == null ? text : label + text);
        }
    }
}
