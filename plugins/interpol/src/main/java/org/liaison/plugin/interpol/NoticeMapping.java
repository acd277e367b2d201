package org.liaison.plugin.interpol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.liaison.api.record.Charge;
import org.liaison.api.record.Notice;
import org.liaison.api.record.NoticeKind;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.Sex;

/**
 * One notice object of the Notices API (a list-page entry or a detail document) to and from a {@link Notice}. The
 * mapping is the one specified in {@link NoticesJsonFormat}; this class keeps it in one place so that decoding and
 * encoding cannot drift apart.
 */
final class NoticeMapping {

    /** The longest text field accepted, in characters; a longer one makes its notice a per-record error. */
    static final int FIELD_LIMIT = 64 * 1024;
    private static final int ID_LIMIT = 512;

    private static final Pattern ALPHA2 = Pattern.compile("[A-Z]{2}");
    private static final Pattern ALPHA3 = Pattern.compile("[A-Z]{3}");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]+(-[A-Za-z0-9]+)*");
    private static final Map<String, String> ALPHA3_TO_ALPHA2 = alpha3Table();

    /** A notice object that cannot be mapped, in the terms of a {@link org.liaison.api.format.RecordError}. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;
        final String expected;
        final String found;

        Invalid(String field, String expected, String found) {
            super(expected, null, false, false);
            this.field = field;
            this.expected = expected;
            this.found = found;
        }
    }

    private NoticeMapping() {
    }

    // ---------------------------------------------------------------------------------------------- decoding

    /**
     * Maps one notice object.
     *
     * @param object   the notice: a list-page entry or a detail document
     * @param fallback the kind to use when the notice's own {@code _links.self.href} names none (from the page's
     *                 self link or the payload's name), or null
     * @throws Invalid naming the partner field at fault
     */
    static Notice toNotice(JsonObject object, NoticeKind fallback) throws Invalid {
        String entityId = text(object, "entity_id");
        if (entityId == null) {
            throw new Invalid("entity_id", "the notice id, such as 2021/81307", null);
        }
        if (entityId.length() > ID_LIMIT) {
            throw new Invalid("entity_id", "a notice id of at most " + ID_LIMIT + " characters",
                    entityId.length() + " characters");
        }

        String url = selfLink(object);
        NoticeKind kind = kindOf(url, fallback);

        String family = text(object, "name");
        String given = text(object, "forename");
        if (family == null && given == null) {
            throw new Invalid("name", "a name or a forename", null);
        }
        PersonName name = PersonName.builder().fullName(fullName(family, given)).familyName(family)
                .givenNames(given).build();

        Person.Builder person = Person.builder().id(entityId).name(name);
        String born = text(object, "date_of_birth");
        if (born != null) {
            person.datesOfBirth(date("date_of_birth", born));
        }
        person.nationalities(countries(object, "nationalities"));
        String sex = text(object, "sex_id");
        if (sex != null) {
            try {
                person.sex(Sex.fromId(sex));
            } catch (IllegalArgumentException unknown) {
                throw new Invalid("sex_id", "M, F or U", sex);
            }
        }
        person.placeOfBirth(text(object, "place_of_birth"));
        String countryOfBirth = text(object, "country_of_birth_id");
        if (countryOfBirth != null) {
            person.countryOfBirth(country("country_of_birth_id", countryOfBirth));
        }
        person.languages(languages(object, "languages_spoken_ids"));
        person.heightMetres(measure(object, "height", 3, "a height in metres, more than 0 and less than 3"));
        person.weightKg(measure(object, "weight", 700, "a weight in kilograms, more than 0 and less than 700"));
        person.eyeColours(texts(object, "eyes_colors_id"));
        person.hairColours(texts(object, "hairs_id"));
        person.distinguishingMarks(text(object, "distinguishing_marks"));

        List<Charge> charges = new ArrayList<>();
        Set<String> requesting = new LinkedHashSet<>();
        warrants(object, charges, requesting);

        try {
            return Notice.builder().id(entityId).kind(kind).subject(person.build()).charges(charges)
                    .requestingCountries(requesting).url(url).build();
        } catch (IllegalArgumentException invalid) {
            // Every field was checked above; this is a safety net naming the model's rule.
            throw new Invalid(null, "a notice the model accepts: " + invalid.getMessage(), null);
        }
    }

    /** {@code NAME Forename}, or whichever of the two is known. */
    static String fullName(String family, String given) {
        if (family == null) {
            return given;
        }
        return given == null ? family : family + " " + given;
    }

    private static String selfLink(JsonObject object) throws Invalid {
        JsonElement links = object.get("_links");
        if (links == null || links.isJsonNull()) {
            return null;
        }
        if (!links.isJsonObject()) {
            throw new Invalid("_links", "an object of links", show(links));
        }
        JsonElement self = links.getAsJsonObject().get("self");
        if (self == null || self.isJsonNull()) {
            return null;
        }
        if (!self.isJsonObject()) {
            throw new Invalid("_links.self", "an object {\"href\": ...}", show(self));
        }
        String href = text(self.getAsJsonObject(), "href", "_links.self.href");
        if (href != null && href.chars().anyMatch(Character::isWhitespace)) {
            throw new Invalid("_links.self.href", "a URL without whitespace", href);
        }
        return href;
    }

    private static NoticeKind kindOf(String url, NoticeKind fallback) throws Invalid {
        NoticePaths.Reading reading = NoticePaths.read(url);
        switch (reading.named()) {
            case KIND:
                return reading.kind();
            case UN_ENTITY:
                throw new Invalid("_links.self.href", "a notice about a person (INTERPOL-UN Security Council"
                        + " special notices about entities are not carried)", url);
            default:
                if (fallback == null) {
                    throw new Invalid("_links.self.href", "a link whose path names the notice kind (/red, /yellow"
                            + " or /un), or a page or payload URL that does", url);
                }
                return fallback;
        }
    }

    private static PartialDate date(String field, String text) throws Invalid {
        try {
            return PartialDate.parse(text);
        } catch (IllegalArgumentException bad) {
            throw new Invalid(field, "a date like 1979/01/17, 1979/01 or 1979", text);
        }
    }

    private static List<String> countries(JsonObject object, String field) throws Invalid {
        List<String> codes = new ArrayList<>();
        for (String code : texts(object, field)) {
            codes.add(country(field, code));
        }
        return codes;
    }

    /** An ISO 3166-1 alpha-2 code as is, or an alpha-3 code converted with the JDK's ISO tables. */
    private static String country(String field, String code) throws Invalid {
        if (ALPHA2.matcher(code).matches()) {
            return code;
        }
        if (ALPHA3.matcher(code).matches() && ALPHA3_TO_ALPHA2.containsKey(code)) {
            return ALPHA3_TO_ALPHA2.get(code);
        }
        throw new Invalid(field, "an ISO 3166-1 alpha-2 country code such as FR", code);
    }

    private static List<String> languages(JsonObject object, String field) throws Invalid {
        List<String> codes = new ArrayList<>();
        for (String code : texts(object, field)) {
            if (!LANGUAGE.matcher(code).matches()) {
                throw new Invalid(field, "language codes such as ENG or SPA", code);
            }
            codes.add(code.toLowerCase(Locale.ROOT));
        }
        return codes;
    }

    /** A number; 0, null or absent mean not known (the API writes 0 for an unmeasured height or weight). */
    private static Double measure(JsonObject object, String field, double below, String expected) throws Invalid {
        JsonElement element = object.get(field);
        if (element == null || element.isJsonNull()) {
            return null;
        }
        double value;
        try {
            if (!element.isJsonPrimitive() || element.getAsJsonPrimitive().isBoolean()) {
                throw new NumberFormatException();
            }
            value = element.getAsJsonPrimitive().isString() ? Double.parseDouble(element.getAsString())
                    : element.getAsDouble();
        } catch (NumberFormatException notNumber) {
            throw new Invalid(field, expected, show(element));
        }
        if (value == 0) {
            return null;
        }
        if (!(value > 0 && value < below)) {
            throw new Invalid(field, expected, show(element));
        }
        return value;
    }

    private static void warrants(JsonObject object, List<Charge> charges, Set<String> requesting) throws Invalid {
        JsonElement element = object.get("arrest_warrants");
        if (element == null || element.isJsonNull()) {
            return;
        }
        if (!element.isJsonArray()) {
            throw new Invalid("arrest_warrants", "an array of warrants", show(element));
        }
        JsonArray warrants = element.getAsJsonArray();
        for (int i = 0; i < warrants.size(); i++) {
            String at = "arrest_warrants[" + i + "]";
            JsonElement warrant = warrants.get(i);
            if (!warrant.isJsonObject()) {
                throw new Invalid(at, "a warrant object with charge and issuing_country_id", show(warrant));
            }
            JsonObject fields = warrant.getAsJsonObject();
            String text = text(fields, "charge", at + ".charge");
            if (text == null) {
                text = text(fields, "charge_translation", at + ".charge_translation");
            }
            String country = text(fields, "issuing_country_id", at + ".issuing_country_id");
            if (country != null) {
                country = country(at + ".issuing_country_id", country);
                requesting.add(country);
            }
            if (text != null) {
                charges.add(Charge.builder().country(country).text(text).build());
            } else if (country == null) {
                throw new Invalid(at, "a warrant with a charge or an issuing_country_id", show(warrant));
            }
        }
    }

    private static String text(JsonObject object, String field) throws Invalid {
        return text(object, field, field);
    }

    /** A string member; null, absent and blank mean not known. */
    private static String text(JsonObject object, String member, String field) throws Invalid {
        return text(object.get(member), field);
    }

    private static String text(JsonElement element, String field) throws Invalid {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new Invalid(field, "a string", show(element));
        }
        String value = element.getAsString();
        if (value.length() > FIELD_LIMIT) {
            throw new Invalid(field, "at most " + FIELD_LIMIT + " characters", value.length() + " characters");
        }
        return value.isBlank() ? null : value;
    }

    /** An array of strings (or a single string); null and absent are empty. */
    private static List<String> texts(JsonObject object, String field) throws Invalid {
        JsonElement element = object.get(field);
        List<String> values = new ArrayList<>();
        if (element == null || element.isJsonNull()) {
            return values;
        }
        if (element.isJsonPrimitive()) {
            String value = text(element, field);
            if (value != null) {
                values.add(value);
            }
            return values;
        }
        if (!element.isJsonArray()) {
            throw new Invalid(field, "an array of strings", show(element));
        }
        JsonArray array = element.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            String value = text(array.get(i), field + "[" + i + "]");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static String show(JsonElement element) {
        String text = element.toString();
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    private static Map<String, String> alpha3Table() {
        Map<String, String> table = new HashMap<>();
        for (String alpha2 : Locale.getISOCountries()) {
            try {
                table.put(new Locale("", alpha2).getISO3Country(), alpha2);
            } catch (MissingResourceException none) {
                // a code without an alpha-3 form: nothing to convert from
            }
        }
        return Map.copyOf(table);
    }

    // ---------------------------------------------------------------------------------------------- encoding

    /** Whether a notice carries anything beyond what a list-page entry holds. */
    static boolean hasDetails(Notice notice) {
        Person subject = notice.subject();
        return !notice.charges().isEmpty() || !notice.requestingCountries().isEmpty() || subject.sex().isPresent()
                || subject.placeOfBirth().isPresent() || subject.countryOfBirth().isPresent()
                || !subject.languages().isEmpty() || subject.heightMetres().isPresent()
                || subject.weightKg().isPresent() || !subject.eyeColours().isEmpty()
                || !subject.hairColours().isEmpty() || subject.distinguishingMarks().isPresent();
    }

    /**
     * The notice as a Notices API object.
     *
     * @param detailDocument true for a detail document (every detail member written, null when not known), false
     *                       for a list-page entry (detail members written only when known)
     * @param pageKind       the kind the enclosing list page names, or null for a detail document
     * @throws Invalid naming the model field that the Notices API has no place for, or that would not read back
     *                 the same
     */
    static JsonObject toJson(Notice notice, boolean detailDocument, NoticeKind pageKind) throws Invalid {
        check(notice);
        Person subject = notice.subject();
        PersonName name = subject.name();

        JsonObject object = new JsonObject();
        object.add("forename", string(name.givenNames().orElse(null)));
        object.add("date_of_birth", subject.datesOfBirth().isEmpty() ? JsonNull.INSTANCE
                : new JsonPrimitive(subject.datesOfBirth().get(0).toString().replace('-', '/')));
        object.addProperty("entity_id", notice.id());
        object.add("nationalities", array(subject.nationalities()));
        object.add("name", string(name.familyName().orElse(null)));

        if (detailDocument || hasDetails(notice)) {
            JsonArray warrants = new JsonArray();
            for (Charge charge : notice.charges()) {
                JsonObject warrant = new JsonObject();
                warrant.addProperty("charge", charge.text());
                warrant.add("issuing_country_id", string(charge.country().orElse(null)));
                warrants.add(warrant);
            }
            for (String country : notice.requestingCountries()) {
                if (notice.charges().stream().noneMatch(c -> c.country().filter(country::equals).isPresent())) {
                    JsonObject warrant = new JsonObject();
                    warrant.add("charge", JsonNull.INSTANCE);
                    warrant.addProperty("issuing_country_id", country);
                    warrants.add(warrant);
                }
            }
            put(object, detailDocument, "arrest_warrants", warrants.isEmpty() ? null : warrants);
            put(object, detailDocument, "sex_id", string(subject.sex().map(Sex::id).orElse(null)));
            put(object, detailDocument, "place_of_birth", string(subject.placeOfBirth().orElse(null)));
            put(object, detailDocument, "country_of_birth_id", string(subject.countryOfBirth().orElse(null)));
            List<String> languages = subject.languages().stream().map(l -> l.toUpperCase(Locale.ROOT)).toList();
            put(object, detailDocument, "languages_spoken_ids", languages.isEmpty() ? null : array(languages));
            put(object, detailDocument, "height", number(subject.heightMetres().orElse(null)));
            put(object, detailDocument, "weight", number(subject.weightKg().orElse(null)));
            put(object, detailDocument, "eyes_colors_id",
                    subject.eyeColours().isEmpty() ? null : array(subject.eyeColours()));
            put(object, detailDocument, "hairs_id",
                    subject.hairColours().isEmpty() ? null : array(subject.hairColours()));
            put(object, detailDocument, "distinguishing_marks",
                    string(subject.distinguishingMarks().orElse(null)));
        }
        if (notice.url().isPresent()) {
            JsonObject self = new JsonObject();
            self.addProperty("href", notice.url().get());
            JsonObject links = new JsonObject();
            links.add("self", self);
            object.add("_links", links);
        }

        // A last guard: whatever this object reads back as must be the notice itself.
        Notice back = toNotice(object, pageKind);
        if (!back.equals(notice)) {
            throw new Invalid(null, "a notice the Notices API JSON carries whole", back + " read back differently");
        }
        return object;
    }

    /** The model fields the Notices API has no place for, and values that would not read back the same. */
    private static void check(Notice notice) throws Invalid {
        if (!NoticePaths.published(notice.kind())) {
            throw new Invalid("kind", "red, yellow or un-security-council-special (the kinds the public Notices API"
                    + " publishes)", notice.kind().id());
        }
        if (notice.marking().isPresent()) {
            throw new Invalid("marking", "no record marking (the Notices API has no place for one)",
                    String.valueOf(notice.marking().get()));
        }
        if (notice.publishedOn().isPresent()) {
            throw new Invalid("publishedOn", "no publication date (the Notices API has no place for one)",
                    notice.publishedOn().get().toString());
        }
        if (notice.url().isPresent()) {
            String url = notice.url().get();
            NoticePaths.Reading reading = NoticePaths.read(url);
            if (reading.named() == NoticePaths.Named.UN_ENTITY
                    || reading.named() == NoticePaths.Named.KIND && reading.kind() != notice.kind()) {
                throw new Invalid("url", "a URL whose path names the notice's kind, /" + notice.kind().id(), url);
            }
            limit("url", url);
        }
        Person subject = notice.subject();
        if (!subject.id().equals(notice.id())) {
            throw new Invalid("subject.id", "the notice id " + notice.id() + " (the Notices API gives the subject no"
                    + " id of its own)", subject.id());
        }
        if (subject.marking().isPresent()) {
            throw new Invalid("subject.marking", "no record marking (the Notices API has no place for one)",
                    String.valueOf(subject.marking().get()));
        }
        if (!subject.aliases().isEmpty()) {
            throw new Invalid("subject.aliases", "no aliases (the Notices API has no place for them)",
                    subject.aliases().toString());
        }
        if (!subject.documents().isEmpty()) {
            throw new Invalid("subject.documents", "no identity documents (the Notices API has no place for them)",
                    subject.documents().size() + " documents");
        }
        if (!subject.addresses().isEmpty()) {
            throw new Invalid("subject.addresses", "no addresses (the Notices API has no place for them)",
                    subject.addresses().size() + " addresses");
        }
        if (subject.datesOfBirth().size() > 1) {
            throw new Invalid("subject.datesOfBirth", "at most one date of birth (the Notices API has one"
                    + " date_of_birth)", subject.datesOfBirth().toString());
        }
        PersonName name = subject.name();
        if (name.originalScript().isPresent() || name.quality().isPresent()) {
            throw new Invalid(name.originalScript().isPresent() ? "subject.name.originalScript"
                    : "subject.name.quality", "no original script or quality (the Notices API has only name and"
                            + " forename)", name.toString());
        }
        String family = name.familyName().orElse(null);
        String given = name.givenNames().orElse(null);
        if (family == null && given == null) {
            throw new Invalid("subject.name", "a family name or given names (the Notices API's name and"
                    + " forename)", name.fullName());
        }
        if (!name.fullName().equals(fullName(family, given))) {
            throw new Invalid("subject.name.fullName", "\"" + fullName(family, given) + "\" (the Notices API"
                    + " keeps only name and forename, the full name is NAME Forename)", name.fullName());
        }
        for (Charge charge : notice.charges()) {
            if (charge.country().isPresent() && !notice.requestingCountries().contains(charge.country().get())) {
                throw new Invalid("requestingCountries", "every charge's country (the Notices API gives the"
                        + " requesting countries as the warrants' issuing_country_id)",
                        notice.requestingCountries().toString());
            }
            limit("charges.text", charge.text());
        }
        limit("subject.name.familyName", family);
        limit("subject.name.givenNames", given);
        limit("subject.placeOfBirth", subject.placeOfBirth().orElse(null));
        limit("subject.distinguishingMarks", subject.distinguishingMarks().orElse(null));
        for (String colour : subject.eyeColours()) {
            limit("subject.eyeColours", colour);
        }
        for (String colour : subject.hairColours()) {
            limit("subject.hairColours", colour);
        }
    }

    private static void limit(String field, String value) throws Invalid {
        if (value != null && value.length() > FIELD_LIMIT) {
            throw new Invalid(field, "at most " + FIELD_LIMIT + " characters (the limit this format reads back)",
                    value.length() + " characters");
        }
    }

    private static void put(JsonObject object, boolean always, String member, JsonElement value) {
        if (value != null && !value.isJsonNull()) {
            object.add(member, value);
        } else if (always) {
            object.add(member, JsonNull.INSTANCE);
        }
    }

    private static JsonElement string(String value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value);
    }

    private static JsonElement number(Double value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        // 80.0 kg is written 80, as the API writes whole numbers
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return new JsonPrimitive(value.longValue());
        }
        return new JsonPrimitive(value);
    }

    private static JsonArray array(Iterable<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
