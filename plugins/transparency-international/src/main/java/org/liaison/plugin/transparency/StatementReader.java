package org.liaison.plugin.transparency;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
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
 * Maps one BODS statement, of either shape, to a model record. The mapping itself is specified in
 * {@link BodsJsonFormat}'s description; this class only implements it.
 *
 * <p>One instance serves one statement at a time and is cheap to create; it holds no state beyond its limit.
 */
final class StatementReader {

    /** Why a statement cannot be mapped: the partner's field at fault, what was expected, what was found. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;
        final String expected;
        final String found;

        Invalid(String field, String expected, String found) {
            super(field + ": expected " + expected + ", found " + found, null, false, false);
            this.field = field;
            this.expected = expected;
            this.found = found;
        }
    }

    /** Receives a value left out of a record that is kept. */
    interface Warnings {
        void warn(String field, String expected, String found);
    }

    /** The statement shapes: BODS 0.4 records, and the statements of BODS 0.2 and 0.3. */
    enum Shape { BODS_04, OLDER }

    private static final Pattern DATE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T[0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern PERSON_SCHEME = Pattern.compile("([A-Z]{3})-\\S+");
    /** What an annotation written for a handling marking holds: a TLP label and, optionally, handling codes. */
    static final Pattern MARKING = Pattern.compile("(TLP:[A-Z+]+)((?: \\S+)*)");

    /** BODS 0.4's closed recordStatus codelist. */
    private static final List<String> RECORD_STATUSES = List.of("new", "updated", "closed");

    /** How a warning ends: the record is kept. */
    private static final String KEPT = "; the record was kept without it";

    private final int fieldLimit;

    StatementReader(int fieldLimit) {
        this.fieldLimit = fieldLimit;
    }

    /** The shape of a statement, or null when it has neither {@code recordType} nor {@code statementType}. */
    static Shape shape(JsonObject statement) {
        if (statement.has("recordType")) {
            return Shape.BODS_04;
        }
        if (statement.has("statementType")) {
            return Shape.OLDER;
        }
        return null;
    }

    /** The statement's record id as the model will use it, for locations; null when there is no usable one. */
    static String idOf(JsonObject statement) {
        for (String member : List.of("recordId", "statementID", "statementId")) {
            if (statement.get(member) instanceof JsonPrimitive id && id.isString() && !id.getAsString().isBlank()
                    && id.getAsString().length() <= 80) {
                return member + " " + id.getAsString();
            }
        }
        return null;
    }

    /**
     * Maps one statement.
     *
     * @throws Invalid when the statement cannot become a record
     */
    DataRecord read(JsonObject statement, Warnings warnings) throws Invalid {
        Shape shape = shape(statement);
        if (shape == null) {
            throw new Invalid(null, "a BODS statement: an object with recordType (BODS 0.4) or statementType"
                    + " (BODS 0.2, 0.3)", "an object with members " + statement.keySet());
        }
        Node top = new Node(statement, "");
        HandlingMarking marking = marking(top);
        if (shape == Shape.BODS_04) {
            String id = top.required("recordId", "the record's id");
            String type = top.required("recordType", "person, entity or relationship");
            boolean closed = closed(top, warnings);
            Node details = top.object("recordDetails");
            if (details == null) {
                throw new Invalid("recordDetails", "the record's details (an object)", null);
            }
            return switch (type) {
                case "person" -> person(id, marking, closed, details, warnings);
                case "entity" -> organisation(id, marking, closed, details, warnings);
                case "relationship" -> relationship04(id, marking, closed, top, details, warnings);
                default -> throw new Invalid("recordType", "person, entity or relationship", type);
            };
        }
        // BODS 0.2 and 0.3 have no record status: an ended relationship or a dissolved entity is a new statement
        // with its endDate or dissolutionDate, so no record of theirs is closed
        String id = top.text("statementID");
        String idField = "statementID";
        if (id == null) {
            id = top.text("statementId");
            idField = "statementId";
        }
        if (id == null) {
            throw new Invalid("statementID", "the statement's id", null);
        }
        String type = top.required("statementType", "personStatement, entityStatement or ownershipOrControlStatement");
        return switch (type) {
            case "personStatement" -> person(id, marking, false, top, warnings);
            case "entityStatement" -> organisation(id, marking, false, top, warnings);
            case "ownershipOrControlStatement" -> relationshipOlder(id, marking, top, warnings);
            default -> throw new Invalid("statementType",
                    "personStatement, entityStatement or ownershipOrControlStatement", type);
        };
    }

    /**
     * Whether a 0.4 record is closed: its {@code recordStatus} is {@code closed}. Any other status, or none, leaves
     * it open; one outside BODS's codelist is reported, since a misspelt {@code closed} would otherwise pass as open.
     */
    private static boolean closed(Node top, Warnings warnings) throws Invalid {
        String status = top.text("recordStatus");
        if (status == null || RECORD_STATUSES.contains(status)) {
            return "closed".equals(status);
        }
        warnings.warn("recordStatus", "one of " + RECORD_STATUSES + "; the record was kept as not closed", status);
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // person

    private Person person(String id, HandlingMarking marking, boolean closed, Node details, Warnings warnings)
            throws Invalid {
        List<PersonName> names = new ArrayList<>();
        List<Node> nameNodes = details.objects("names");
        for (Node name : nameNodes) {
            PersonName personName = name(name);
            if (personName == null) {
                warnings.warn(name.path, "a name with a fullName, givenName or familyName" + KEPT,
                        name.object.toString());
            } else {
                names.add(personName);
            }
        }
        if (names.isEmpty()) {
            throw new Invalid(details.name("names"), "at least one name with a fullName, givenName or familyName"
                    + " (the model's person needs a name)", nameNodes.isEmpty() ? details.text("personType")
                    : nameNodes.size() + " unusable names");
        }
        Person.Builder person = Person.builder().id(id).marking(marking).closed(closed).name(names.get(0))
                .aliases(names.subList(1, names.size()));
        PartialDate birth = details.partialDate("birthDate");
        if (birth != null) {
            person.datesOfBirth(birth);
        }
        person.dateOfDeath(details.partialDate("deathDate"));
        List<String> nationalities = new ArrayList<>();
        for (JsonElement nationality : details.elements("nationalities")) {
            String code = country(details.name("nationalities"), nationality, warnings);
            if (code != null) {
                nationalities.add(code);
            }
        }
        person.nationalities(nationalities);
        Node placeOfBirth = details.object("placeOfBirth");
        if (placeOfBirth != null) {
            person.placeOfBirth(placeOfBirth.text("address"));
            if (placeOfBirth.object.has("country")) {
                person.countryOfBirth(country(placeOfBirth.name("country"), placeOfBirth.object.get("country"),
                        warnings));
            }
        }
        List<IdentityDocument> documents = new ArrayList<>();
        for (Node identifier : details.objects("identifiers")) {
            String number = identifier.text("id");
            String scheme = identifier.text("scheme");
            String schemeName = identifier.text("schemeName");
            if (number == null || (scheme == null && schemeName == null)) {
                warnings.warn(identifier.path, "an identifier with an id and a scheme or schemeName" + KEPT, identifier.object.toString());
                continue;
            }
            String type = scheme != null ? scheme : schemeName;
            Matcher prefix = PERSON_SCHEME.matcher(type);
            documents.add(IdentityDocument.builder().type(type).number(number)
                    .issuingCountry(prefix.matches() ? Countries.fromAlpha3(prefix.group(1)) : null)
                    .note(scheme != null ? schemeName : null).build());
        }
        person.documents(documents);
        List<Address> addresses = addresses(details, warnings);
        Node residence = details.object("placeOfResidence");
        if (residence != null) {
            Address address = address(residence, "residence", warnings);
            if (address != null) {
                addresses.add(address);
            }
        }
        person.addresses(addresses);
        try {
            return person.build();
        } catch (IllegalArgumentException e) {
            throw new Invalid(null, "a valid person: " + e.getMessage(), null);
        }
    }

    private PersonName name(Node name) throws Invalid {
        String full = name.text("fullName");
        String given = name.text("givenName");
        String family = name.text("familyName");
        if (full == null) {
            String patronymic = name.text("patronymicName");
            List<String> parts = new ArrayList<>();
            for (String part : new String[] {given, patronymic, family}) {
                if (part != null) {
                    parts.add(part.strip());
                }
            }
            if (parts.isEmpty()) {
                return null;
            }
            full = String.join(" ", parts);
        }
        return PersonName.builder().fullName(full).givenNames(given).familyName(family).build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // entity

    private Organisation organisation(String id, HandlingMarking marking, boolean closed, Node details,
            Warnings warnings) throws Invalid {
        String name = details.text("name");
        if (name == null) {
            Node entityType = details.object("entityType");
            throw new Invalid(details.name("name"), "the entity's name (the model's organisation needs one)",
                    entityType != null ? "entityType " + entityType.object : details.text("entityType"));
        }
        Organisation.Builder organisation = Organisation.builder().id(id).marking(marking).closed(closed).name(name)
                .aliases(details.texts("alternateNames"));
        Node jurisdiction = details.object("jurisdiction");
        if (jurisdiction != null) {
            organisation.jurisdiction(jurisdiction(jurisdiction, warnings));
        }
        Map<String, String> identifiers = new LinkedHashMap<>();
        for (Node identifier : details.objects("identifiers")) {
            String value = identifier.text("id");
            String scheme = identifier.text("scheme");
            if (scheme == null) {
                scheme = identifier.text("schemeName");
            }
            if (value == null || scheme == null) {
                warnings.warn(identifier.path, "an identifier with an id and a scheme or schemeName" + KEPT, identifier.object.toString());
            } else if (identifiers.containsKey(scheme)) {
                warnings.warn(identifier.path, "one identifier per scheme (the model keeps one per scheme)" + KEPT, value);
            } else {
                identifiers.put(scheme, value);
            }
        }
        organisation.identifiers(identifiers);
        organisation.addresses(addresses(details, warnings));
        organisation.foundingDate(details.partialDate("foundingDate"));
        organisation.dissolutionDate(details.partialDate("dissolutionDate"));
        try {
            return organisation.build();
        } catch (IllegalArgumentException e) {
            throw new Invalid(null, "a valid organisation: " + e.getMessage(), null);
        }
    }

    private String jurisdiction(Node jurisdiction, Warnings warnings) throws Invalid {
        String code = jurisdiction.text("code");
        String name = jurisdiction.text("name");
        String country = Countries.code(code, name);
        if (country == null && code != null && code.length() > 3 && code.charAt(2) == '-') {
            // an ISO 3166-2 subdivision, such as US-DE: the model's jurisdiction is a country
            country = Countries.code(code.substring(0, 2), null);
            if (country != null) {
                warnings.warn(jurisdiction.name("code"), "a country code (the model's jurisdiction is a country); the record"
                        + " was kept with the subdivision's country " + country, code);
            }
        }
        if (country == null) {
            warnings.warn(jurisdiction.path, "an ISO 3166-1 country code or name" + KEPT,
                    jurisdiction.object.toString());
        }
        return country;
    }

    // ---------------------------------------------------------------------------------------------------------
    // addresses and countries

    private List<Address> addresses(Node details, Warnings warnings) throws Invalid {
        List<Address> addresses = new ArrayList<>();
        for (Node node : details.objects("addresses")) {
            Address address = address(node, null, warnings);
            if (address != null) {
                addresses.add(address);
            }
        }
        return addresses;
    }

    /** An address, or null (with a warning) when nothing of it can be kept. */
    private Address address(Node node, String defaultType, Warnings warnings) throws Invalid {
        String type = node.text("type");
        String country = node.object.has("country") ? country(node.name("country"), node.object.get("country"),
                warnings) : null;
        Address.Builder address = Address.builder().street(node.text("address")).postalCode(node.text("postCode"))
                .country(country).note(type != null ? type : defaultType);
        try {
            return address.build();
        } catch (IllegalArgumentException e) {
            warnings.warn(node.path, "an address with an address line, a postCode or a country" + KEPT,
                    node.object.toString());
            return null;
        }
    }

    /**
     * The alpha-2 code of a BODS country: an object {@code {name, code}} (0.3, 0.4) or a string code (0.2); null,
     * with a warning, when it names no country.
     */
    private String country(String field, JsonElement value, Warnings warnings) throws Invalid {
        if (value == null || value.isJsonNull()) {
            return null;
        }
        String code;
        String name = null;
        if (value.isJsonObject()) {
            Node node = new Node(value.getAsJsonObject(), field);
            code = node.text("code");
            name = node.text("name");
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            code = checked(field, value.getAsString(), fieldLimit);
        } else {
            throw new Invalid(field, "a country: an object with name and code", value.toString());
        }
        if (code == null && name == null) {
            return null;
        }
        String country = Countries.code(code, name);
        if (country == null) {
            warnings.warn(field, "an ISO 3166-1 country code or a country name" + KEPT,
                    value.toString());
        }
        return country;
    }

    // ---------------------------------------------------------------------------------------------------------
    // relationships

    private OwnershipRelation relationship04(String id, HandlingMarking marking, boolean closed, Node top,
            Node details, Warnings warnings) throws Invalid {
        OwnershipRelation.Builder relation = OwnershipRelation.builder().id(id).marking(marking).closed(closed)
                .statementDate(statementDate(top));
        JsonElement subject = details.object.get("subject");
        if (subject instanceof JsonPrimitive primitive && primitive.isString() && !primitive.getAsString().isBlank()) {
            relation.subjectId(details.text("subject"));
        } else if (subject instanceof JsonObject unspecified) {
            throw new Invalid(details.name("subject"), "the recordId of the entity owned or controlled (the model"
                    + " has no place for an unspecified subject)", unspecified.toString());
        } else {
            throw new Invalid(details.name("subject"), "the recordId of the entity owned or controlled",
                    subject == null || subject.isJsonNull() ? null : subject.toString());
        }
        JsonElement party = details.object.get("interestedParty");
        if (party instanceof JsonPrimitive partyId && partyId.isString() && !partyId.getAsString().isBlank()) {
            relation.interestedPartyId(details.text("interestedParty"));
        } else if (party instanceof JsonObject object) {
            relation.interestedPartyUnspecifiedReason(unspecified(new Node(object, details.name("interestedParty")),
                    warnings));
        } else {
            throw new Invalid(details.name("interestedParty"), "the recordId of a person or entity, or an object"
                    + " with the reason it is unspecified", party == null || party.isJsonNull() ? null
                    : party.toString());
        }
        relation.interests(interests(details, warnings));
        return build(relation);
    }

    private OwnershipRelation relationshipOlder(String id, HandlingMarking marking, Node top, Warnings warnings)
            throws Invalid {
        OwnershipRelation.Builder relation = OwnershipRelation.builder().id(id).marking(marking)
                .statementDate(statementDate(top));
        Node subject = top.object("subject");
        String subjectId = subject == null ? null : subject.text("describedByEntityStatement");
        if (subjectId == null) {
            throw new Invalid("subject.describedByEntityStatement", "the statementID of the entity owned or"
                    + " controlled", subject == null ? null : subject.object.toString());
        }
        relation.subjectId(subjectId);
        Node party = top.object("interestedParty");
        if (party == null) {
            throw new Invalid("interestedParty", "describedByPersonStatement, describedByEntityStatement or"
                    + " unspecified", null);
        }
        String person = party.text("describedByPersonStatement");
        String entity = party.text("describedByEntityStatement");
        Node unspecified = party.object("unspecified");
        int given = (person != null ? 1 : 0) + (entity != null ? 1 : 0) + (unspecified != null ? 1 : 0);
        if (given != 1) {
            throw new Invalid("interestedParty", "exactly one of describedByPersonStatement,"
                    + " describedByEntityStatement and unspecified", party.object.toString());
        }
        if (unspecified != null) {
            relation.interestedPartyUnspecifiedReason(unspecified(unspecified, warnings));
        } else {
            relation.interestedPartyId(person != null ? person : entity);
        }
        relation.interests(interests(top, warnings));
        return build(relation);
    }

    private static OwnershipRelation build(OwnershipRelation.Builder relation) throws Invalid {
        try {
            return relation.build();
        } catch (IllegalArgumentException e) {
            throw new Invalid(null, "a valid ownership relation: " + e.getMessage(), null);
        }
    }

    private String unspecified(Node unspecified, Warnings warnings) throws Invalid {
        String reason = unspecified.required("reason", "why the interested party is unspecified, such as"
                + " noBeneficialOwners");
        String description = unspecified.text("description");
        if (description != null) {
            warnings.warn(unspecified.name("description"), "no description (the model keeps only the reason of an unspecified"
                    + " party)" + KEPT, description);
        }
        return Codes.toModel(reason);
    }

    private PartialDate statementDate(Node top) throws Invalid {
        String text = top.text("statementDate");
        if (text == null) {
            return null;
        }
        Matcher dateTime = DATE_TIME.matcher(text);
        return parseDate(top.name("statementDate"), dateTime.matches() ? dateTime.group(1) : text);
    }

    private List<Interest> interests(Node details, Warnings warnings) throws Invalid {
        List<Interest> interests = new ArrayList<>();
        for (Node node : details.objects("interests")) {
            String type = node.required("type", "the kind of interest, such as shareholding");
            String directness = node.text("directOrIndirect");
            if (directness == null) {
                directness = node.text("interestLevel");
            }
            if (directness != null && !List.of("direct", "indirect", "unknown").contains(directness)) {
                throw new Invalid(node.name(node.object.has("directOrIndirect") ? "directOrIndirect"
                        : "interestLevel"), "direct, indirect or unknown", directness);
            }
            Interest.Builder interest = Interest.builder().type(Codes.toModel(type)).directOrIndirect(directness)
                    .beneficialOwnershipOrControl(node.bool("beneficialOwnershipOrControl"))
                    .startDate(node.partialDate("startDate")).endDate(node.partialDate("endDate"))
                    .details(node.text("details"));
            Node share = node.object("share");
            if (share != null) {
                BigDecimal minimum = share.number("minimum");
                BigDecimal maximum = share.number("maximum");
                minimum = exclusive(share, "exclusiveMinimum", minimum, warnings);
                maximum = exclusive(share, "exclusiveMaximum", maximum, warnings);
                interest.shareExact(share.number("exact")).shareMin(minimum).shareMax(maximum);
            }
            try {
                interests.add(interest.build());
            } catch (IllegalArgumentException e) {
                throw new Invalid(node.path, "a valid interest: " + e.getMessage(), node.object.toString());
            }
        }
        return interests;
    }

    /**
     * Reads {@code exclusiveMinimum} or {@code exclusiveMaximum}: a number in 0.4 (used as the bound when no
     * inclusive one is given), a flag on the inclusive bound in 0.2 and 0.3. The model's bounds are inclusive, so
     * the exclusivity is reported as left out.
     */
    private static BigDecimal exclusive(Node share, String member, BigDecimal inclusive, Warnings warnings)
            throws Invalid {
        JsonElement value = share.object.get(member);
        if (value == null || value.isJsonNull()) {
            return inclusive;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            if (value.getAsBoolean()) {
                warnings.warn(share.name(member), "an inclusive bound (the model has no other); the record was kept"
                        + " with this bound taken as inclusive", "true");
            }
            return inclusive;
        }
        BigDecimal bound = share.number(member);
        if (inclusive == null) {
            warnings.warn(share.name(member), "an inclusive bound (the model has no other); the record was kept"
                    + " with " + bound.toPlainString() + " taken as inclusive", bound.toPlainString());
            return bound;
        }
        warnings.warn(share.name(member), "one bound on each side (the model has one); the record was kept"
                + " with the inclusive bound " + inclusive.toPlainString(), bound.toPlainString());
        return inclusive;
    }

    // ---------------------------------------------------------------------------------------------------------
    // marking

    /** The handling marking of a statement: an annotation on the whole statement whose description is a TLP label. */
    private static HandlingMarking marking(Node top) throws Invalid {
        for (Node annotation : top.objects("annotations")) {
            String target = annotation.text("statementPointerTarget");
            String description = annotation.text("description");
            if (!"/".equals(target) || description == null) {
                continue;
            }
            Matcher matcher = MARKING.matcher(description);
            if (!matcher.matches()) {
                continue;
            }
            try {
                Tlp tlp = Tlp.fromId(matcher.group(1));
                String codes = matcher.group(2).strip();
                return HandlingMarking.builder().tlp(tlp)
                        .handlingCodes(codes.isEmpty() ? List.of() : List.of(codes.split(" "))).build();
            } catch (IllegalArgumentException e) {
                throw new Invalid(annotation.name("description"), "a handling marking such as TLP:AMBER H1: "
                        + e.getMessage(), description);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------

    static String checked(String field, String text, int limit) throws Invalid {
        if (text.length() > limit) {
            throw new Invalid(field, "at most " + limit + " characters", text.length() + " characters");
        }
        return text.isBlank() ? null : text;
    }

    static PartialDate parseDate(String field, String text) throws Invalid {
        // the model also reads 1979/01/17 and an approximate 1960~; BODS dates are ISO 8601 and exact
        if (text.indexOf('/') >= 0 || text.indexOf('~') >= 0) {
            throw new Invalid(field, "a date like 2019-09-11, 2019-09 or 2019", text);
        }
        try {
            return PartialDate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Invalid(field, "a date like 2019-09-11, 2019-09 or 2019", text);
        }
    }

    /** A JSON object with its path, read with the field-size limit. */
    private final class Node {
        final JsonObject object;
        final String path;

        Node(JsonObject object, String path) {
            this.object = object;
            this.path = path;
        }

        String name(String member) {
            return path.isEmpty() ? member : path + "." + member;
        }

        /** An optional string member: absent, null and blank are null. */
        String text(String member) throws Invalid {
            JsonElement value = object.get(member);
            if (value == null || value.isJsonNull()) {
                return null;
            }
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw new Invalid(name(member), "a string", value.toString());
            }
            return checked(name(member), value.getAsString(), fieldLimit);
        }

        String required(String member, String expected) throws Invalid {
            String text = text(member);
            if (text == null) {
                throw new Invalid(name(member), expected, object.has(member) ? object.get(member).toString() : null);
            }
            return text;
        }

        Node object(String member) throws Invalid {
            JsonElement value = object.get(member);
            if (value == null || value.isJsonNull()) {
                return null;
            }
            if (!value.isJsonObject()) {
                throw new Invalid(name(member), "an object", value.toString());
            }
            return new Node(value.getAsJsonObject(), name(member));
        }

        List<JsonElement> elements(String member) throws Invalid {
            JsonElement value = object.get(member);
            if (value == null || value.isJsonNull()) {
                return List.of();
            }
            if (!value.isJsonArray()) {
                throw new Invalid(name(member), "an array", value.toString());
            }
            List<JsonElement> elements = new ArrayList<>();
            value.getAsJsonArray().forEach(elements::add);
            return elements;
        }

        List<Node> objects(String member) throws Invalid {
            List<Node> nodes = new ArrayList<>();
            List<JsonElement> elements = elements(member);
            for (int index = 0; index < elements.size(); index++) {
                JsonElement element = elements.get(index);
                String at = name(member) + "[" + index + "]";
                if (!element.isJsonObject()) {
                    throw new Invalid(at, "an object", element.toString());
                }
                nodes.add(new Node(element.getAsJsonObject(), at));
            }
            return nodes;
        }

        List<String> texts(String member) throws Invalid {
            List<String> texts = new ArrayList<>();
            List<JsonElement> elements = elements(member);
            for (int index = 0; index < elements.size(); index++) {
                JsonElement element = elements.get(index);
                String at = name(member) + "[" + index + "]";
                if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                    throw new Invalid(at, "a string", element.toString());
                }
                String text = checked(at, element.getAsString(), fieldLimit);
                if (text != null) {
                    texts.add(text);
                }
            }
            return texts;
        }

        Boolean bool(String member) throws Invalid {
            JsonElement value = object.get(member);
            if (value == null || value.isJsonNull()) {
                return null;
            }
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
                throw new Invalid(name(member), "true or false", value.toString());
            }
            return value.getAsBoolean();
        }

        BigDecimal number(String member) throws Invalid {
            JsonElement value = object.get(member);
            if (value == null || value.isJsonNull()) {
                return null;
            }
            if (value.isJsonPrimitive() && (value.getAsJsonPrimitive().isNumber()
                    || value.getAsJsonPrimitive().isString()) && value.getAsString().length() <= 40) {
                try {
                    return new BigDecimal(value.getAsString().strip());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new Invalid(name(member), "a percentage, a number from 0 to 100", value.toString());
        }

        PartialDate partialDate(String member) throws Invalid {
            String text = text(member);
            return text == null ? null : parseDate(name(member), text);
        }

    }
}
