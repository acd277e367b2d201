package org.liaison.plugin.unsc;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.liaison.api.format.RecordError;
import org.liaison.api.record.Address;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.IdentityDocument;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.SanctionListing;
import org.liaison.api.record.SubjectKind;

/**
 * Writes sanction listings as a Consolidated List document (compact layout). What is written, and what is refused,
 * is specified in {@link ConsolidatedListFormat}; this class keeps no state.
 */
final class ListingWriter {

    private static final String NO_PLACE = " (the Consolidated List has no place for it)";

    private ListingWriter() {
    }

    static List<RecordError> write(List<? extends DataRecord> records, OutputStream out) throws IOException {
        List<RecordError> errors = new ArrayList<>();
        List<SanctionListing> individuals = new ArrayList<>();
        List<SanctionListing> entities = new ArrayList<>();
        for (int index = 0; index < records.size(); index++) {
            DataRecord record = records.get(index);
            if (!(record instanceof SanctionListing listing)) {
                errors.add(RecordError.of("record " + index, "type", "a sanction-listing record",
                        record == null ? null : record.type().id()));
                continue;
            }
            RecordError problem = new Check("record " + index + " (id " + listing.id() + ")").listing(listing);
            if (problem != null) {
                errors.add(problem);
            } else if (listing.subjectKind() == SubjectKind.INDIVIDUAL) {
                individuals.add(listing);
            } else {
                entities.add(listing);
            }
        }
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement(ConsolidatedListFormat.ROOT);
            xml.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
            xml.writeAttribute("xsi", "http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation",
                    "https://www.un.org/sc/resources/sc-sanctions.xsd");
            xml.writeCharacters("\n    ");
            xml.writeStartElement("INDIVIDUALS");
            for (SanctionListing listing : individuals) {
                xml.writeCharacters("\n        ");
                individual(xml, listing);
            }
            xml.writeCharacters("\n    ");
            xml.writeEndElement();
            xml.writeCharacters("\n    ");
            xml.writeStartElement("ENTITIES");
            for (SanctionListing listing : entities) {
                xml.writeCharacters("\n        ");
                entity(xml, listing);
            }
            xml.writeCharacters("\n    ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            Throwable cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot write the Consolidated List: " + e.getMessage(), e);
        }
        return errors;
    }

    private static void individual(XMLStreamWriter xml, SanctionListing listing) throws XMLStreamException {
        Person person = listing.person().orElseThrow();
        xml.writeStartElement("INDIVIDUAL");
        PersonName name = person.name();
        head(xml, listing, name.parts().isEmpty() ? List.of(name.fullName()) : name.parts());
        leaf(xml, "GENDER", person.sex().map(sex -> switch (sex) {
            case MALE -> "Male";
            case FEMALE -> "Female";
            case UNKNOWN -> "Unknown";
        }).orElse(null));
        leaf(xml, "NAME_ORIGINAL_SCRIPT", person.name().originalScript().orElse(null));
        leaf(xml, "COMMENTS1", listing.comments().orElse(null));
        if (!person.nationalities().isEmpty()) {
            xml.writeStartElement("NATIONALITY");
            for (String code : person.nationalities()) {
                leaf(xml, "VALUE", Countries.name(code));
            }
            xml.writeEndElement();
        }
        tail(xml, listing);
        for (PersonName alias : person.aliases()) {
            xml.writeStartElement("INDIVIDUAL_ALIAS");
            leaf(xml, "QUALITY", alias.quality().orElse(null));
            leaf(xml, "ALIAS_NAME", alias.fullName());
            xml.writeEndElement();
        }
        addresses(xml, "INDIVIDUAL_ADDRESS", person.addresses());
        datesOfBirth(xml, person.datesOfBirth());
        if (person.placeOfBirth().isPresent() || person.countryOfBirth().isPresent()) {
            xml.writeStartElement("INDIVIDUAL_PLACE_OF_BIRTH");
            leaf(xml, "CITY", person.placeOfBirth().orElse(null));
            leaf(xml, "COUNTRY", person.countryOfBirth().map(Countries::name).orElse(null));
            xml.writeEndElement();
        }
        for (IdentityDocument document : person.documents()) {
            xml.writeStartElement("INDIVIDUAL_DOCUMENT");
            leaf(xml, "TYPE_OF_DOCUMENT", document.type());
            leaf(xml, "NUMBER", document.number());
            leaf(xml, "ISSUING_COUNTRY", document.issuingCountry().map(Countries::name).orElse(null));
            leaf(xml, "NOTE", document.note().orElse(null));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void entity(XMLStreamWriter xml, SanctionListing listing) throws XMLStreamException {
        Organisation organisation = listing.organisation().orElseThrow();
        xml.writeStartElement("ENTITY");
        head(xml, listing, List.of(organisation.name()));
        leaf(xml, "COMMENTS1", listing.comments().orElse(null));
        tail(xml, listing);
        for (String alias : organisation.aliases()) {
            xml.writeStartElement("ENTITY_ALIAS");
            leaf(xml, "ALIAS_NAME", alias);
            xml.writeEndElement();
        }
        addresses(xml, "ENTITY_ADDRESS", organisation.addresses());
        xml.writeEndElement();
    }

    /** The listing's ids and its name: one part in each of FIRST_NAME to FOURTH_NAME, as many as there are. */
    private static void head(XMLStreamWriter xml, SanctionListing listing, List<String> nameParts)
            throws XMLStreamException {
        leaf(xml, "DATAID", listing.id());
        for (int index = 0; index < nameParts.size(); index++) {
            leaf(xml, ListingMapper.NAME_PARTS[index], nameParts.get(index));
        }
        leaf(xml, "UN_LIST_TYPE", listing.listType());
        leaf(xml, "REFERENCE_NUMBER", listing.referenceNumber());
        leaf(xml, "LISTED_ON", listing.listedOn().map(LocalDate::toString).orElse(null));
    }

    private static void tail(XMLStreamWriter xml, SanctionListing listing) throws XMLStreamException {
        xml.writeStartElement("LIST_TYPE");
        leaf(xml, "VALUE", "UN List");
        xml.writeEndElement();
        if (!listing.lastUpdated().isEmpty()) {
            xml.writeStartElement("LAST_DAY_UPDATED");
            for (LocalDate date : listing.lastUpdated()) {
                leaf(xml, "VALUE", date.toString());
            }
            xml.writeEndElement();
        }
    }

    private static void addresses(XMLStreamWriter xml, String name, List<Address> addresses)
            throws XMLStreamException {
        for (Address address : addresses) {
            xml.writeStartElement(name);
            leaf(xml, "STREET", address.street().orElse(null));
            leaf(xml, "CITY", address.city().orElse(null));
            leaf(xml, "STATE_PROVINCE", address.region().orElse(null));
            leaf(xml, "ZIP_CODE", address.postalCode().orElse(null));
            leaf(xml, "COUNTRY", address.country().map(Countries::name).orElse(null));
            leaf(xml, "NOTE", address.note().orElse(null));
            xml.writeEndElement();
        }
    }

    /**
     * Dates known to the day as DATE; years as YEAR, or as a BETWEEN range when consecutive and exact. An approximate
     * date is one element of its own, with TYPE_OF_DATE APPROXIMATELY.
     */
    private static void datesOfBirth(XMLStreamWriter xml, List<PartialDate> dates) throws XMLStreamException {
        int index = 0;
        while (index < dates.size()) {
            PartialDate date = dates.get(index);
            xml.writeStartElement("INDIVIDUAL_DATE_OF_BIRTH");
            int last = index;
            if (!date.approximate() && date.precision() == PartialDate.Precision.YEAR) {
                while (last + 1 < dates.size() && !dates.get(last + 1).approximate()
                        && dates.get(last + 1).precision() == PartialDate.Precision.YEAR
                        && dates.get(last + 1).year() == dates.get(last).year() + 1) {
                    last++;
                }
            }
            if (last > index) {
                leaf(xml, "TYPE_OF_DATE", "BETWEEN");
                leaf(xml, "FROM_YEAR", String.valueOf(date.year()));
                leaf(xml, "TO_YEAR", String.valueOf(dates.get(last).year()));
            } else {
                leaf(xml, "TYPE_OF_DATE", date.approximate() ? "APPROXIMATELY" : "EXACT");
                if (date.precision() == PartialDate.Precision.DAY) {
                    leaf(xml, "DATE", date.toLocalDate().orElseThrow().toString());
                } else {
                    leaf(xml, "YEAR", String.valueOf(date.year()));
                }
            }
            index = last + 1;
            xml.writeEndElement();
        }
    }

    /** An element with text; nothing when the value is null. A carriage return is written as {@code &#13;}. */
    private static void leaf(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        xml.writeStartElement(name);
        int start = 0;
        for (int cr = value.indexOf('\r'); cr >= 0; cr = value.indexOf('\r', start)) {
            xml.writeCharacters(value.substring(start, cr));
            xml.writeEntityRef("#13");
            start = cr + 1;
        }
        xml.writeCharacters(value.substring(start));
        xml.writeEndElement();
    }

    /** Finds the first value of a listing that the Consolidated List cannot carry. */
    private static final class Check {

        private final String location;

        Check(String location) {
            this.location = location;
        }

        RecordError listing(SanctionListing listing) {
            if (listing.marking().isPresent()) {
                return error("marking", "no handling marking of its own" + NO_PLACE, listing.marking().get());
            }
            RecordError texts = texts(listing.id(), listing.referenceNumber(), listing.listType(),
                    listing.comments().orElse(null));
            if (texts != null) {
                return texts;
            }
            if (listing.subjectKind() == SubjectKind.INDIVIDUAL) {
                return person(listing.id(), listing.person().orElseThrow());
            }
            return organisation(listing.id(), listing.organisation().orElseThrow());
        }

        private RecordError person(String id, Person person) {
            if (!person.id().equals(id)) {
                return error("person.id", "the listing's id " + id + " (the list has one DATAID for both)",
                        person.id());
            }
            if (person.marking().isPresent()) {
                return error("person.marking", "no handling marking of its own" + NO_PLACE,
                        person.marking().get());
            }
            PersonName name = person.name();
            if (name.givenNames().isPresent() || name.familyName().isPresent() || name.quality().isPresent()) {
                return error("person.name", "a name with only fullName, parts and originalScript (the Consolidated"
                        + " List has no place for given names, family name or quality)", name.fullName());
            }
            if (name.parts().size() > ListingMapper.NAME_PARTS.length) {
                return error("person.name.parts", "at most " + ListingMapper.NAME_PARTS.length
                        + " parts (FIRST_NAME to FOURTH_NAME)", name.parts());
            }
            for (String part : name.parts()) {
                // the list's reader collapses white space in names; a part it would change cannot come back
                if (!Element.collapse(part).equals(part)) {
                    return error("person.name.parts", "parts without white space at either end or runs of white"
                            + " space (the list reads them collapsed to one space)", "'" + part + "'");
                }
            }
            for (PersonName alias : person.aliases()) {
                if (alias.givenNames().isPresent() || alias.familyName().isPresent()
                        || alias.originalScript().isPresent()) {
                    return error("person.aliases", "aliases with only fullName and quality" + NO_PLACE,
                            alias.toString());
                }
            }
            if (!person.languages().isEmpty() || person.heightMetres().isPresent() || person.weightKg().isPresent()
                    || !person.eyeColours().isEmpty() || !person.hairColours().isEmpty()
                    || person.distinguishingMarks().isPresent()) {
                return error("person", "no languages, height, weight, eye or hair colours or distinguishing marks"
                        + NO_PLACE, person.toString());
            }
            for (PartialDate date : person.datesOfBirth()) {
                if (date.precision() == PartialDate.Precision.MONTH) {
                    return error("person.datesOfBirth", "dates of birth known to the day or the year (the list"
                            + " has no form for a month)", date.toString());
                }
            }
            for (String code : person.nationalities()) {
                if (Countries.name(code) == null) {
                    return error("person.nationalities", "countries with a name in the list", code);
                }
            }
            if (person.countryOfBirth().isPresent() && Countries.name(person.countryOfBirth().get()) == null) {
                return error("person.countryOfBirth", "a country with a name in the list",
                        person.countryOfBirth().get());
            }
            for (IdentityDocument document : person.documents()) {
                if (document.issuingCountry().isPresent() && Countries.name(document.issuingCountry().get()) == null) {
                    return error("person.documents", "issuing countries with a name in the list",
                            document.issuingCountry().get());
                }
                RecordError texts = texts(document.type(), document.number(), document.note().orElse(null));
                if (texts != null) {
                    return texts;
                }
            }
            RecordError texts = texts(name.fullName(), name.originalScript().orElse(null),
                    person.placeOfBirth().orElse(null));
            if (texts != null) {
                return texts;
            }
            for (PersonName alias : person.aliases()) {
                texts = texts(alias.fullName(), alias.quality().orElse(null));
                if (texts != null) {
                    return texts;
                }
            }
            return addresses("person.addresses", person.addresses());
        }

        private RecordError organisation(String id, Organisation organisation) {
            if (!organisation.id().equals(id)) {
                return error("organisation.id", "the listing's id " + id + " (the list has one DATAID for both)",
                        organisation.id());
            }
            if (organisation.marking().isPresent() || organisation.jurisdiction().isPresent()
                    || !organisation.identifiers().isEmpty() || organisation.foundingDate().isPresent()
                    || organisation.dissolutionDate().isPresent()) {
                return error("organisation", "no marking, jurisdiction, identifiers, founding or dissolution date"
                        + NO_PLACE, organisation.toString());
            }
            RecordError texts = texts(organisation.name());
            if (texts != null) {
                return texts;
            }
            texts = texts(organisation.aliases().toArray(String[]::new));
            return texts != null ? texts : addresses("organisation.addresses", organisation.addresses());
        }

        private RecordError addresses(String field, List<Address> addresses) {
            for (Address address : addresses) {
                if (address.country().isPresent() && Countries.name(address.country().get()) == null) {
                    return error(field, "countries with a name in the list", address.country().get());
                }
                RecordError texts = texts(address.street().orElse(null), address.city().orElse(null),
                        address.region().orElse(null), address.postalCode().orElse(null),
                        address.note().orElse(null));
                if (texts != null) {
                    return texts;
                }
            }
            return null;
        }

        /** Refuses text that XML 1.0 cannot carry (control characters, lone surrogates). */
        private RecordError texts(String... values) {
            for (String value : values) {
                if (value == null) {
                    continue;
                }
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    boolean ok = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF
                            || c >= 0xE000 && c <= 0xFFFD;
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        ok = true;
                        i++;
                    }
                    if (!ok) {
                        return error(null, "text that XML 1.0 can carry, without the character U+"
                                + String.format("%04X", (int) c), value);
                    }
                }
            }
            return null;
        }

        private RecordError error(String field, String expected, Object found) {
            return RecordError.of(location, field, expected, String.valueOf(found));
        }
    }
}
