package org.liaison.plugin.transparency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.liaison.api.record.Address;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.IdentityDocument;
import org.liaison.api.record.Interest;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.OwnershipRelation;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;

/**
 * Writes model records as BODS 0.4 statements. What is written, and what makes a record impossible to write, is
 * specified in {@link BodsJsonFormat}'s description.
 */
final class StatementWriter {

    /** Why a record cannot be written: the model's field at fault, what BODS can carry, what the record holds. */
    static final class Unrepresentable extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;
        final String expected;
        final String found;

        Unrepresentable(String field, String expected, Object found) {
            super(field + ": expected " + expected, null, false, false);
            this.field = field;
            this.expected = expected;
            this.found = found == null ? null : String.valueOf(found);
        }
    }

    static final String BODS_VERSION = "0.4";
    static final String PUBLISHER = "Liaison";
    /** The address types of BODS 0.4's closed addressType codelist. */
    private static final List<String> ADDRESS_TYPES =
            List.of("placeOfBirth", "residence", "registered", "service", "alternative", "business");
    private static final Pattern PERSON_SCHEME = Pattern.compile("([A-Z]{3})-\\S+");

    private StatementWriter() {
    }

    /**
     * One statement.
     *
     * @param record             the record
     * @param status             {@code new} or {@code updated}; a closed record is written {@code closed} instead
     * @param declarationSubject the recordId of the entity the declaration is about
     * @param occurrence         how many statements about the same record come before this one in the output
     * @param publicationDate    the date written as the publication date
     */
    static JsonObject statement(DataRecord record, String status, String declarationSubject, int occurrence,
            LocalDate publicationDate) throws Unrepresentable {
        String recordType;
        JsonObject details;
        if (record instanceof Person person) {
            recordType = "person";
            details = person(person);
        } else if (record instanceof Organisation organisation) {
            recordType = "entity";
            details = entity(organisation);
        } else if (record instanceof OwnershipRelation relation) {
            recordType = "relationship";
            details = relationship(relation);
        } else {
            throw new Unrepresentable("type", "a person, an organisation or an ownership relation (what BODS carries)",
                    record.type().id());
        }
        boolean closed = record instanceof Person person ? person.closed()
                : record instanceof Organisation organisation ? organisation.closed()
                : ((OwnershipRelation) record).closed();
        JsonObject statement = new JsonObject();
        statement.addProperty("statementId", statementId(recordType, record.id(), occurrence, closed, details));
        if (record instanceof OwnershipRelation relation && relation.statementDate().isPresent()) {
            statement.addProperty("statementDate", date("statementDate", relation.statementDate().get()));
        }
        JsonObject publication = new JsonObject();
        publication.addProperty("publicationDate", publicationDate.toString());
        publication.addProperty("bodsVersion", BODS_VERSION);
        JsonObject publisher = new JsonObject();
        publisher.addProperty("name", PUBLISHER);
        publication.add("publisher", publisher);
        statement.add("publicationDetails", publication);
        statement.addProperty("recordId", record.id());
        statement.addProperty("recordType", recordType);
        statement.addProperty("recordStatus", closed ? "closed" : status);
        statement.addProperty("declarationSubject", declarationSubject);
        if (record.marking().isPresent()) {
            JsonObject annotation = new JsonObject();
            annotation.addProperty("statementPointerTarget", "/");
            annotation.addProperty("motivation", "commenting");
            annotation.addProperty("description", record.marking().get().toString());
            annotation.addProperty("url", "https://www.first.org/tlp/");
            JsonArray annotations = new JsonArray();
            annotations.add(annotation);
            statement.add("annotations", annotations);
        }
        statement.add("recordDetails", details);
        return statement;
    }

    /**
     * A 32-character hex id derived from the statement's content, so that the same input gives the same output. A
     * closed record's id also covers its status (the details of a closed record are those last stated); the others
     * keep the ids they were always given.
     */
    private static String statementId(String recordType, String recordId, int occurrence, boolean closed,
            JsonObject details) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((recordType + "\n" + recordId + "\n" + occurrence + "\n" + (closed ? "closed\n" : "")
                    + details).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static JsonObject person(Person person) throws Unrepresentable {
        refuse("sex", person.sex().orElse(null), "a person's sex");
        refuse("languages", person.languages().isEmpty() ? null : person.languages(), "languages");
        refuse("heightMetres", person.heightMetres().orElse(null), "a height");
        refuse("weightKg", person.weightKg().orElse(null), "a weight");
        refuse("eyeColours", person.eyeColours().isEmpty() ? null : person.eyeColours(), "eye colours");
        refuse("hairColours", person.hairColours().isEmpty() ? null : person.hairColours(), "hair colours");
        refuse("distinguishingMarks", person.distinguishingMarks().orElse(null), "distinguishing marks");
        if (person.datesOfBirth().size() > 1) {
            throw new Unrepresentable("datesOfBirth", "at most one date of birth (BODS has one birthDate)",
                    person.datesOfBirth());
        }
        JsonObject details = new JsonObject();
        details.addProperty("isComponent", false);
        details.addProperty("personType", "knownPerson");
        JsonArray names = new JsonArray();
        names.add(name("name", person.name(), "individual"));
        for (int index = 0; index < person.aliases().size(); index++) {
            names.add(name("aliases[" + index + "]", person.aliases().get(index), "alternative"));
        }
        details.add("names", names);
        if (!person.documents().isEmpty()) {
            JsonArray identifiers = new JsonArray();
            for (int index = 0; index < person.documents().size(); index++) {
                identifiers.add(identifier("documents[" + index + "]", person.documents().get(index)));
            }
            details.add("identifiers", identifiers);
        }
        if (!person.nationalities().isEmpty()) {
            JsonArray nationalities = new JsonArray();
            person.nationalities().forEach(code -> nationalities.add(country(code)));
            details.add("nationalities", nationalities);
        }
        if (person.placeOfBirth().isPresent() || person.countryOfBirth().isPresent()) {
            JsonObject place = new JsonObject();
            person.placeOfBirth().ifPresent(text -> place.addProperty("address", text));
            person.countryOfBirth().ifPresent(code -> place.add("country", country(code)));
            details.add("placeOfBirth", place);
        }
        if (!person.datesOfBirth().isEmpty()) {
            details.addProperty("birthDate", date("datesOfBirth[0]", person.datesOfBirth().get(0)));
        }
        if (person.dateOfDeath().isPresent()) {
            details.addProperty("deathDate", date("dateOfDeath", person.dateOfDeath().get()));
        }
        addresses(details, person.addresses());
        return details;
    }

    private static JsonObject name(String field, PersonName name, String type) throws Unrepresentable {
        refuse(field + ".originalScript", name.originalScript().orElse(null), "a name in its original script");
        refuse(field + ".quality", name.quality().orElse(null), "a name's quality");
        refuse(field + ".parts", name.parts().isEmpty() ? null : name.parts(),
                "a name's parts other than given and family names");
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        json.addProperty("fullName", name.fullName());
        name.familyName().ifPresent(family -> json.addProperty("familyName", family));
        name.givenNames().ifPresent(given -> json.addProperty("givenName", given));
        return json;
    }

    private static JsonObject identifier(String field, IdentityDocument document) throws Unrepresentable {
        Matcher prefix = PERSON_SCHEME.matcher(document.type());
        String impliedCountry = prefix.matches() ? Countries.fromAlpha3(prefix.group(1)) : null;
        if (document.issuingCountry().isPresent() && !document.issuingCountry().get().equals(impliedCountry)) {
            String alpha3 = Countries.alpha3(document.issuingCountry().get());
            throw new Unrepresentable(field + ".issuingCountry", "a country BODS can say: only through the"
                    + " document type, as a scheme such as " + (alpha3 == null ? "IRL" : alpha3) + "-PASSPORT",
                    document.type() + " issued by " + document.issuingCountry().get());
        }
        if (document.issuingCountry().isEmpty() && impliedCountry != null) {
            throw new Unrepresentable(field + ".issuingCountry", "the country the scheme " + document.type()
                    + " names (" + impliedCountry + "): BODS identifies a person's document country by its scheme",
                    null);
        }
        JsonObject json = new JsonObject();
        json.addProperty("id", document.number());
        json.addProperty("scheme", document.type());
        document.note().ifPresent(note -> json.addProperty("schemeName", note));
        return json;
    }

    private static JsonObject entity(Organisation organisation) throws Unrepresentable {
        JsonObject details = new JsonObject();
        details.addProperty("isComponent", false);
        JsonObject entityType = new JsonObject();
        entityType.addProperty("type", organisation.identifiers().isEmpty() && organisation.jurisdiction().isEmpty()
                ? "legalEntity" : "registeredEntity");
        details.add("entityType", entityType);
        details.addProperty("name", organisation.name());
        if (!organisation.aliases().isEmpty()) {
            JsonArray aliases = new JsonArray();
            organisation.aliases().forEach(aliases::add);
            details.add("alternateNames", aliases);
        }
        organisation.jurisdiction().ifPresent(code -> details.add("jurisdiction", country(code)));
        if (!organisation.identifiers().isEmpty()) {
            JsonArray identifiers = new JsonArray();
            for (Map.Entry<String, String> entry : organisation.identifiers().entrySet()) {
                JsonObject identifier = new JsonObject();
                identifier.addProperty("id", entry.getValue());
                identifier.addProperty("scheme", entry.getKey());
                identifiers.add(identifier);
            }
            details.add("identifiers", identifiers);
        }
        if (organisation.foundingDate().isPresent()) {
            details.addProperty("foundingDate", date("foundingDate", organisation.foundingDate().get()));
        }
        if (organisation.dissolutionDate().isPresent()) {
            details.addProperty("dissolutionDate", date("dissolutionDate", organisation.dissolutionDate().get()));
        }
        addresses(details, organisation.addresses());
        return details;
    }

    private static void addresses(JsonObject details, List<Address> addresses) throws Unrepresentable {
        if (addresses.isEmpty()) {
            return;
        }
        JsonArray array = new JsonArray();
        for (int index = 0; index < addresses.size(); index++) {
            Address address = addresses.get(index);
            String field = "addresses[" + index + "]";
            refuse(field + ".city", address.city().orElse(null), "a city apart from the address line");
            refuse(field + ".region", address.region().orElse(null), "a region apart from the address line");
            if (address.note().isPresent() && !ADDRESS_TYPES.contains(address.note().get())) {
                throw new Unrepresentable(field + ".note", "one of BODS's address types " + ADDRESS_TYPES
                        + " (an address note becomes the address type)", address.note().get());
            }
            JsonObject json = new JsonObject();
            address.note().ifPresent(type -> json.addProperty("type", type));
            address.street().ifPresent(street -> json.addProperty("address", street));
            address.postalCode().ifPresent(code -> json.addProperty("postCode", code));
            address.country().ifPresent(code -> json.add("country", country(code)));
            array.add(json);
        }
        details.add("addresses", array);
    }

    private static JsonObject relationship(OwnershipRelation relation) throws Unrepresentable {
        JsonObject details = new JsonObject();
        details.addProperty("isComponent", false);
        details.addProperty("subject", relation.subjectId());
        if (relation.interestedPartyId().isPresent()) {
            details.addProperty("interestedParty", relation.interestedPartyId().get());
        } else {
            JsonObject unspecified = new JsonObject();
            unspecified.addProperty("reason", Codes.toBods04(relation.interestedPartyUnspecifiedReason().get()));
            details.add("interestedParty", unspecified);
        }
        JsonArray interests = new JsonArray();
        for (int index = 0; index < relation.interests().size(); index++) {
            interests.add(interest("interests[" + index + "]", relation.interests().get(index)));
        }
        details.add("interests", interests);
        return details;
    }

    private static JsonObject interest(String field, Interest interest) throws Unrepresentable {
        JsonObject json = new JsonObject();
        json.addProperty("type", Codes.toBods04(interest.type()));
        interest.beneficialOwnershipOrControl().ifPresent(flag -> json.addProperty("beneficialOwnershipOrControl",
                flag));
        interest.directOrIndirect().ifPresent(directness -> json.addProperty("directOrIndirect", directness));
        interest.details().ifPresent(details -> json.addProperty("details", details));
        if (interest.startDate().isPresent()) {
            json.addProperty("startDate", date(field + ".startDate", interest.startDate().get()));
        }
        if (interest.endDate().isPresent()) {
            json.addProperty("endDate", date(field + ".endDate", interest.endDate().get()));
        }
        if (interest.shareExact().isPresent() || interest.shareMin().isPresent() || interest.shareMax().isPresent()) {
            JsonObject share = new JsonObject();
            interest.shareExact().ifPresent(exact -> share.addProperty("exact", exact));
            interest.shareMin().ifPresent(min -> share.addProperty("minimum", min));
            interest.shareMax().ifPresent(max -> share.addProperty("maximum", max));
            json.add("share", share);
        }
        return json;
    }

    /** A date as BODS writes it, to its precision: {@code 2019}, {@code 2019-09} or {@code 2019-09-11}. */
    private static String date(String field, PartialDate date) throws Unrepresentable {
        if (date.approximate()) {
            throw new Unrepresentable(field, "an exact date: BODS has no place for an approximate one", date);
        }
        return date.toString();
    }

    private static JsonObject country(String code) {
        JsonObject country = new JsonObject();
        country.addProperty("name", Countries.name(code));
        country.addProperty("code", code);
        return country;
    }

    private static void refuse(String field, Object value, String what) throws Unrepresentable {
        if (value != null) {
            throw new Unrepresentable(field, "nothing here: BODS has no place for " + what, value);
        }
    }
}
