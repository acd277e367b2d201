package org.liaison.core.internal.agreement;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.liaison.api.model.Agreement;
import org.liaison.api.model.AgreementKind;
import org.liaison.api.model.AgreementStatus;
import org.liaison.api.model.CooperationArea;
import org.liaison.api.model.OnwardTransfer;
import org.liaison.api.model.Partner;
import org.liaison.api.model.PartnerKind;
import org.liaison.api.model.Project;
import org.liaison.api.model.Tlp;
import org.liaison.api.model.ValidityWindow;
import org.liaison.api.record.RecordType;
import org.liaison.core.internal.agreement.AgreementSet.SourceFile;

/**
 * Loads the agreement configuration, the {@code *.json} files of one directory ({@code conf/agreements/}), as one
 * {@link AgreementSet}: either the whole set, valid, or every error found; never part of a set. The format is
 * documented for deployers in {@code docs/agreements.md}.
 *
 * <p>The loader fails closed: an unknown member is an error, not ignored, because a misspelt optional member
 * ({@code "excludedFeilds"}) would otherwise silently widen what an agreement allows.
 *
 * <p>Errors are reported in one pass without cascading: an entry that is invalid by itself is not also checked
 * against the others, and references to a kind of entry (partners, purposes, projects, agreements) are not checked
 * when some entry of that kind could not even be identified (a file that is not JSON, an entry without an id),
 * since most such errors would be echoes of the first one.
 */
final class AgreementFiles {

    /** The extension of the files read; other files of the directory are ignored, as are files starting with '.'. */
    static final String EXTENSION = ".json";
    /** The largest file read, 10 MiB. */
    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** The handling ceiling of an agreement that names none. */
    static final Tlp DEFAULT_HANDLING_CEILING = Tlp.AMBER;

    private static final String SLUG = "[a-z0-9][a-z0-9._-]*";

    private static final List<String> PARTNER_MEMBERS = List.of("id", "name", "kind", "country", "parent");
    private static final List<String> PURPOSE_MEMBERS = List.of("id", "description");
    private static final List<String> PROJECT_MEMBERS = List.of("id", "name", "programme", "leadingPartners",
            "participatingCountries", "purposes", "description");
    private static final List<String> AGREEMENT_MEMBERS = List.of("id", "title", "kind", "parties", "parent", "areas",
            "purposes", "recordTypes", "excludedFields", "geographicScope", "validity", "status", "handlingCeiling",
            "onwardTransfer", "project", "directions", "source");
    private static final List<String> DIRECTION_MEMBERS = List.of("area", "from", "to");
    private static final List<String> CONSENT_MEMBERS = List.of("id", "originator", "sender", "recipient",
            "recordTypes", "records", "exchanges", "validity", "status", "document");
    /** A consent's {@code status}: given, or withdrawn by the originator. */
    private static final List<String> CONSENT_STATUSES = List.of("given", "withdrawn");
    private static final List<String> VALIDITY_MEMBERS = List.of("from", "until");
    private static final List<String> ROUTE_MEMBERS = List.of("id", "from", "recordTypes", "to", "area", "purpose",
            "marking");
    private static final List<String> FORMAT_MEMBERS = List.of("partner", "recordType", "format");

    /**
     * What {@link #load(Path)} gives: either a complete, valid {@link #set() set} and no errors, or no set and at
     * least one {@link #errors() error}. Never both, never part of a set.
     */
    static final class Result {

        private final AgreementSet set;
        private final List<ConfigError> errors;

        private Result(AgreementSet set, List<ConfigError> errors) {
            this.set = set;
            this.errors = List.copyOf(errors);
        }

        static Result loaded(AgreementSet set) {
            return new Result(Objects.requireNonNull(set, "set"), List.of());
        }

        /** @throws IllegalArgumentException when {@code errors} is empty */
        static Result rejected(List<ConfigError> errors) {
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a rejected configuration has at least one error");
            }
            return new Result(null, errors);
        }

        /** The set, present exactly when there are no errors. */
        Optional<AgreementSet> set() {
            return Optional.ofNullable(set);
        }

        /** Every error found, grouped by file in file name order; empty exactly when the set loaded. */
        List<ConfigError> errors() {
            return errors;
        }

        /** For tests and logs: {@code Result[loaded N agreements]} or {@code Result[rejected: <errors>]}. */
        @Override
        public String toString() {
            return set != null ? "Result[loaded " + set.agreements().size() + " agreements]"
                    : "Result[rejected: " + errors.stream().map(ConfigError::message)
                            .collect(Collectors.joining("; ")) + "]";
        }
    }

    private AgreementFiles() {
    }

    /**
     * Reads the {@code *.json} files of {@code directory} (not its subdirectories), in file name order, as one set.
     * A directory without such files gives an empty set.
     *
     * @return the set, or every error found when any file or entry is invalid, any id is declared twice or any
     *         reference does not resolve
     */
    static Result load(Path directory) {
        return load(List.of(directory));
    }

    /**
     * Reads the {@code *.json} files of several directories as one set, for example {@code conf/agreements/} and
     * {@code conf/routes/}: any file may hold any kind of entry. With more than one directory, files are named in
     * errors by their directory and name ({@code routes/demo.json}).
     *
     * @return the set, or every error found
     */
    static Result load(List<Path> directories) {
        return load(directories, Set.of());
    }

    /**
     * As {@link #load(List)}, where the directories of {@code optional} may be missing ({@code conf/consents/}: an
     * installation older than consents has none).
     */
    static Result load(List<Path> directories, Set<Path> optional) {
        Loading loading = new Loading();
        for (Path directory : directories) {
            Objects.requireNonNull(directory, "directory");
            if (optional.contains(directory) && !Files.exists(directory)) {
                continue;
            }
            List<Path> files;
            try {
                files = jsonFiles(directory);
            } catch (IOException e) {
                return Result.rejected(List.of(new ConfigError(directory.toString(), "",
                        "a readable directory holding configuration files (*" + EXTENSION + ")",
                        String.valueOf(e))));
            }
            if (files == null) {
                return Result.rejected(List.of(new ConfigError(directory.toString(), "",
                        "a directory holding configuration files (*" + EXTENSION + ")",
                        Files.exists(directory) ? "a file that is not a directory" : "no such directory")));
            }
            String prefix = directories.size() > 1 ? directory.getFileName() + "/" : "";
            for (Path file : files) {
                loading.read(file, prefix + file.getFileName());
            }
        }
        loading.crossCheck();
        return loading.result();
    }

    /** The files to read, sorted by name; null when {@code directory} is not a directory. */
    private static List<Path> jsonFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> {
                String name = path.getFileName().toString();
                return name.endsWith(EXTENSION) && !name.startsWith(".");
            }).sorted(Comparator.comparing(path -> path.getFileName().toString())).toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The kinds of entry, by their top-level member. */
    private enum Section {
        PARTNERS("partners", "partner"),
        PURPOSES("purposes", "purpose"),
        PROJECTS("projects", "project"),
        AGREEMENTS("agreements", "agreement"),
        ROUTES("routes", "route"),
        FORMATS("formats", "delivery format"),
        CONSENTS("consents", "consent");

        static final List<String> MEMBERS = Stream.of(values()).map(section -> section.member).toList();

        final String member;
        final String noun;
        /** The noun with its indefinite article: "a partner", "an agreement". */
        final String aNoun;

        Section(String member, String noun) {
            this.member = member;
            this.noun = noun;
            this.aNoun = ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
        }

        static Section of(String member) {
            return Stream.of(values()).filter(section -> section.member.equals(member)).findFirst().orElse(null);
        }
    }

    /**
     * An entry as read from a file.
     *
     * @param value the model value (a purpose's is its description); null when the entry is invalid by itself
     * @param id    the declared id, also when the entry is otherwise invalid; null when it could not be read
     */
    private record Entry<T>(String file, ConfigObject object, String id, T value) {

        String path(String member) {
            return object.path(member);
        }

        /** The path of {@code value} in the array member {@code member}, or of the member itself. */
        String path(String member, String value) {
            JsonElement json = object.json().get(member);
            if (json != null && json.isJsonArray()) {
                JsonArray array = json.getAsJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    JsonElement element = array.get(i);
                    if (element.isJsonPrimitive() && value.equals(element.getAsString())) {
                        return object.path(member) + "[" + i + "]";
                    }
                }
            }
            return object.path(member);
        }
    }

    /** The state of one {@link #load(Path)}. */
    private static final class Loading {

        private final List<ConfigError> errors = new ArrayList<>();
        private final List<SourceFile> sources = new ArrayList<>();
        private final List<Entry<Partner>> partners = new ArrayList<>();
        private final List<Entry<String>> purposes = new ArrayList<>();
        private final List<Entry<Project>> projects = new ArrayList<>();
        private final List<Entry<Agreement>> agreements = new ArrayList<>();
        private final List<Entry<Route>> routes = new ArrayList<>();
        private final List<Entry<String[]>> formats = new ArrayList<>();
        private final List<Entry<Consent>> consents = new ArrayList<>();
        /** The one-way provisions of each agreement entry that has any, with the object each was read from. */
        private final Map<Entry<Agreement>, List<Map.Entry<ConfigObject, Direction>>> directions =
                new LinkedHashMap<>();
        /** The UN M49 regions each agreement entry's geographic scope names, for messages. */
        private final Map<Entry<Agreement>, List<M49.Region>> regions = new LinkedHashMap<>();
        /** The kinds some entry of which could not be identified: references to them are not checked. */
        private final Set<Section> unidentified = EnumSet.noneOf(Section.class);

        private void error(String file, String path, String expected, String found) {
            errors.add(new ConfigError(file, path, expected, found));
        }

        private void fileError(String file, String path, String expected, String found) {
            error(file, path, expected, found);
            unidentified.addAll(EnumSet.allOf(Section.class));
        }

        void read(Path file, String name) {
            if (!Files.isRegularFile(file)) {
                fileError(name, "", "a regular file", "a directory or special file");
                return;
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            } catch (IOException e) {
                fileError(name, "", "a readable file", String.valueOf(e));
                return;
            }
            if (bytes.length > MAX_FILE_BYTES) {
                String found;
                try {
                    found = Files.size(file) + " bytes";
                } catch (IOException e) {
                    found = "more than " + MAX_FILE_BYTES + " bytes";
                }
                fileError(name, "", "a file of at most 10 MiB (" + MAX_FILE_BYTES + " bytes)", found);
                return;
            }
            sources.add(new SourceFile(name, sha256(bytes)));
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                fileError(name, "", "UTF-8 text", "bytes that are not UTF-8");
                return;
            }
            JsonElement root;
            try {
                root = JsonStrictReader.read(text);
            } catch (JsonStrictReader.Failure failure) {
                fileError(name, failure.path(), failure.expected(), failure.found());
                return;
            }
            readRoot(name, root);
        }

        private void readRoot(String file, JsonElement root) {
            if (!root.isJsonObject()) {
                fileError(file, "$", "a JSON object with any of the members " + Section.MEMBERS,
                        ConfigObject.describe(root));
                return;
            }
            for (Map.Entry<String, JsonElement> member : root.getAsJsonObject().entrySet()) {
                String path = ConfigObject.member("$", member.getKey());
                Section section = Section.of(member.getKey());
                if (section == null) {
                    // its content is unknown, so it may have declared any id
                    fileError(file, path, "a top-level member among " + Section.MEMBERS,
                            ConfigObject.quote(member.getKey()));
                    continue;
                }
                if (!member.getValue().isJsonArray()) {
                    error(file, path, "an array of " + section.noun + " objects",
                            ConfigObject.describe(member.getValue()));
                    unidentified.add(section);
                    continue;
                }
                JsonArray entries = member.getValue().getAsJsonArray();
                for (int i = 0; i < entries.size(); i++) {
                    String entryPath = path + "[" + i + "]";
                    JsonElement entry = entries.get(i);
                    if (!entry.isJsonObject()) {
                        error(file, entryPath, section.aNoun + " object", ConfigObject.describe(entry));
                        unidentified.add(section);
                        continue;
                    }
                    JsonObject json = entry.getAsJsonObject();
                    switch (section) {
                        case PARTNERS -> readPartner(file, entryPath, json);
                        case PURPOSES -> readPurpose(file, entryPath, json);
                        case PROJECTS -> readProject(file, entryPath, json);
                        case AGREEMENTS -> readAgreement(file, entryPath, json);
                        case ROUTES -> readRoute(file, entryPath, json);
                        case FORMATS -> readFormat(file, entryPath, json);
                        case CONSENTS -> readConsent(file, entryPath, json);
                    }
                }
            }
        }

        private <T> void add(List<Entry<T>> entries, Section section, String file, ConfigObject object, String id,
                T value) {
            if (id == null) {
                unidentified.add(section);
            }
            entries.add(new Entry<>(file, object, id, object.failed() ? null : value));
        }

        private void readPartner(String file, String path, JsonObject json) {
            ConfigObject object = new ConfigObject(file, path, json, PARTNER_MEMBERS, errors);
            String id = object.requiredString("id");
            String name = object.requiredString("name");
            PartnerKind kind = object.requiredId("kind", PartnerKind::fromId);
            String country = object.optionalString("country");
            String parent = object.optionalString("parent");
            Partner partner = object.failed() ? null : object.build(() -> Partner.builder().id(id).name(name)
                    .kind(kind).country(country).parent(parent).build());
            add(partners, Section.PARTNERS, file, object, id, partner);
        }

        private void readPurpose(String file, String path, JsonObject json) {
            ConfigObject object = new ConfigObject(file, path, json, PURPOSE_MEMBERS, errors);
            String id = object.requiredString("id");
            String description = object.requiredString("description");
            if (id != null && !id.matches(SLUG)) {
                object.error(object.path("id"), "a slug matching " + SLUG, ConfigObject.quote(id));
            }
            if (description != null && description.isBlank()) {
                object.error(object.path("description"), "a description that is not blank",
                        ConfigObject.quote(description));
            }
            add(purposes, Section.PURPOSES, file, object, id, description);
        }

        private void readProject(String file, String path, JsonObject json) {
            ConfigObject object = new ConfigObject(file, path, json, PROJECT_MEMBERS, errors);
            String id = object.requiredString("id");
            String name = object.requiredString("name");
            String programme = object.optionalString("programme");
            List<String> leadingPartners = object.requiredStrings("leadingPartners");
            List<String> countries = object.requiredStrings("participatingCountries");
            List<String> projectPurposes = object.requiredStrings("purposes");
            String description = object.optionalString("description");
            Project project = object.failed() ? null : object.build(() -> Project.builder().id(id).name(name)
                    .programme(programme).leadingPartners(leadingPartners).participatingCountries(countries)
                    .purposes(projectPurposes).description(description).build());
            add(projects, Section.PROJECTS, file, object, id, project);
        }

        private void readAgreement(String file, String path, JsonObject json) {
            ConfigObject object = new ConfigObject(file, path, json, AGREEMENT_MEMBERS, errors);
            String id = object.requiredString("id");
            String title = object.requiredString("title");
            AgreementKind kind = object.requiredId("kind", AgreementKind::fromId);
            List<String> parties = object.requiredStrings("parties");
            String parent = object.optionalString("parent");
            List<CooperationArea> areas = object.requiredIds("areas", CooperationArea::fromId);
            List<String> agreementPurposes = object.requiredStrings("purposes");
            List<RecordType> recordTypes = object.optionalIds("recordTypes", RecordType::fromId);
            List<String> excludedFields = object.optionalStrings("excludedFields");
            if (excludedFields != null) {
                for (int i = 0; i < excludedFields.size(); i++) {
                    String problem = ConfigRecordFields.problem(excludedFields.get(i));
                    if (problem != null) {
                        object.error(object.path("excludedFields") + "[" + i + "]", problem,
                                ConfigObject.quote(excludedFields.get(i)));
                    }
                }
            }
            List<String> scopeAsWritten = object.optionalStrings("geographicScope");
            List<M49.Region> named = new ArrayList<>();
            List<String> geographicScope = scopeAsWritten == null ? null : inRegions(object, scopeAsWritten, named);
            ValidityWindow validity = readValidity(object.requiredObject("validity", VALIDITY_MEMBERS));
            AgreementStatus status = object.requiredId("status", AgreementStatus::fromId);
            Tlp ceiling = object.optionalId("handlingCeiling", Tlp::fromId);
            OnwardTransfer onwardTransfer = object.optionalId("onwardTransfer", OnwardTransfer::fromId);
            String project = object.optionalString("project");
            List<Map.Entry<ConfigObject, Direction>> oneWay = readDirections(object, areas);
            String source = object.optionalString("source");
            Agreement agreement = object.failed() ? null : object.build(() -> Agreement.builder().id(id).title(title)
                    .kind(kind).parties(parties).parent(parent).areas(areas).purposes(agreementPurposes)
                    .recordTypes(recordTypes).excludedFields(excludedFields).geographicScope(geographicScope)
                    .validity(validity).status(status)
                    .handlingCeiling(ceiling == null ? DEFAULT_HANDLING_CEILING : ceiling)
                    .onwardTransfer(onwardTransfer == null ? OnwardTransfer.PROHIBITED : onwardTransfer)
                    .project(project).source(source).build());
            if (kind == AgreementKind.PROJECT_CHARTER && !object.has("project")) {
                object.error(object.path("project"),
                        "the id of the project the charter governs (a " + kind + " must name its project)",
                        "nothing");
            }
            add(agreements, Section.AGREEMENTS, file, object, id, agreement);
            if (!oneWay.isEmpty()) {
                directions.put(agreements.get(agreements.size() - 1), oneWay);
            }
            if (!named.isEmpty()) {
                regions.put(agreements.get(agreements.size() - 1), List.copyOf(named));
            }
        }

        /**
         * A geographic scope with its UN M49 regions ({@code M49:011}) replaced by their countries, the countries
         * given one by one kept as written; the regions named are added to {@code named}. An unknown region is
         * reported at its place in the array.
         */
        private static List<String> inRegions(ConfigObject object, List<String> scope, List<M49.Region> named) {
            List<String> countries = new ArrayList<>();
            for (int i = 0; i < scope.size(); i++) {
                String code = M49.codeIn(scope.get(i));
                if (code == null) {
                    countries.add(scope.get(i));
                    continue;
                }
                Optional<M49.Region> region = M49.region(code);
                if (region.isEmpty()) {
                    object.error(object.path("geographicScope") + "[" + i + "]", "a country code, or a UN M49"
                            + " region of countries such as " + M49.examples(), ConfigObject.quote(scope.get(i)));
                } else if (!named.contains(region.get())) {
                    named.add(region.get());
                    region.get().countries().stream().filter(country -> !countries.contains(country))
                            .forEach(countries::add);
                }
            }
            return countries;
        }

        /**
         * An agreement's {@code directions}: each names one of its areas and the partners data may move from and
         * to under it. Whether they are parties is checked across the files, once parents are known.
         */
        private List<Map.Entry<ConfigObject, Direction>> readDirections(ConfigObject agreement,
                List<CooperationArea> areas) {
            List<ConfigObject> objects = agreement.optionalObjects("directions", DIRECTION_MEMBERS);
            if (objects == null) {
                return List.of();
            }
            List<Map.Entry<ConfigObject, Direction>> read = new ArrayList<>();
            for (ConfigObject object : objects) {
                CooperationArea area = object.requiredId("area", CooperationArea::fromId);
                List<String> from = object.requiredStrings("from");
                List<String> to = object.requiredStrings("to");
                if (area != null && areas != null && !areas.contains(area)) {
                    object.error(object.path("area"), "one of the agreement's areas " + areas,
                            ConfigObject.quote(area.id()));
                }
                for (Map.Entry<String, List<String>> side : List.of(
                        Map.entry("from", from == null ? List.<String>of() : from),
                        Map.entry("to", to == null ? List.<String>of() : to))) {
                    if (object.has(side.getKey()) && side.getValue().isEmpty()) {
                        object.error(object.path(side.getKey()), "at least one partner", "[]");
                    }
                }
                if (from != null && to != null) {
                    for (String partner : from) {
                        if (to.contains(partner)) {
                            object.error(object.path("to"), "partners other than those of 'from' (a direction"
                                    + " goes one way)", ConfigObject.quote(partner));
                        }
                    }
                }
                if (!object.failed()) {
                    read.add(Map.entry(object, new Direction(area, Set.copyOf(from), Set.copyOf(to))));
                }
            }
            return read;
        }

        private void readRoute(String file, String path, JsonObject json) {
            ConfigObject object = new ConfigObject(file, path, json, ROUTE_MEMBERS, errors);
            String id = object.requiredString("id");
            String from = object.requiredString("from");
            List<RecordType> recordTypes = object.optionalIds("recordTypes", RecordType::fromId);
            List<String> to = object.requiredStrings("to");
            CooperationArea area = object.requiredId("area", CooperationArea::fromId);
            String purpose = object.requiredString("purpose");
            Tlp marking = object.optionalId("marking", Tlp::fromId);
            if (to != null && to.isEmpty()) {
                object.error(object.path("to"), "at least one recipient", "[]");
            }
            if (to != null && from != null && to.contains(from)) {
                object.error(object.path("to"), "recipients other than the sender", ConfigObject.quote(from));
            }
            Route route = object.failed() ? null : new Route(id, from, Set.copyOf(recordTypes == null ? List.of()
                    : recordTypes), to, area, purpose, marking == null ? DEFAULT_HANDLING_CEILING : marking);
            add(routes, Section.ROUTES, file, object, id, route);
        }

        private void readFormat(String file, String path, JsonObject json) {
            ConfigObject object = new ConfigObject(file, path, json, FORMAT_MEMBERS, errors);
            String partner = object.requiredString("partner");
            String recordType = object.optionalString("recordType");
            if (recordType != null) {
                object.optionalId("recordType", RecordType::fromId);
            }
            String format = object.requiredString("format");
            String key = recordType == null ? AgreementSet.ANY_TYPE : recordType;
            add(formats, Section.FORMATS, file, object, partner == null ? null : partner + " " + key,
                    new String[] { partner, key, format });
        }

        private void readConsent(String file, String path, JsonObject json) {
            ConfigObject object = new ConfigObject(file, path, json, CONSENT_MEMBERS, errors);
            String id = object.requiredString("id");
            if (id != null && !id.matches(SLUG)) {
                object.error(object.path("id"), "a slug matching " + SLUG, ConfigObject.quote(id));
            }
            String originator = object.requiredString("originator");
            String sender = object.requiredString("sender");
            String recipient = object.requiredString("recipient");
            List<RecordType> recordTypes = object.optionalIds("recordTypes", RecordType::fromId);
            List<String> records = object.optionalStrings("records");
            List<String> exchanges = object.optionalStrings("exchanges");
            ValidityWindow validity = readValidity(object.requiredObject("validity", VALIDITY_MEMBERS));
            String status = object.requiredString("status");
            if (status != null && !CONSENT_STATUSES.contains(status)) {
                object.error(object.path("status"), "a consent status (one of " + CONSENT_STATUSES + ")",
                        ConfigObject.quote(status));
            }
            String document = object.requiredString("document");
            if (document != null && document.isBlank()) {
                object.error(object.path("document"), "the reference of the document that records the consent",
                        ConfigObject.quote(document));
            }
            if (originator != null && sender != null && originator.equals(sender)) {
                object.error(object.path("sender"), "a partner other than the originator (it passes the data on)",
                        ConfigObject.quote(sender));
            }
            if (recipient != null && (recipient.equals(originator) || recipient.equals(sender))) {
                object.error(object.path("recipient"), "a third partner, neither the originator nor the sender",
                        ConfigObject.quote(recipient));
            }
            Consent consent = object.failed() ? null : new Consent(id, originator, sender, recipient,
                    Set.copyOf(recordTypes == null ? List.of() : recordTypes), Set.copyOf(records == null ? List.of()
                    : records), Set.copyOf(exchanges == null ? List.of() : exchanges), validity,
                    status.equals("withdrawn"), document);
            add(consents, Section.CONSENTS, file, object, id, consent);
        }

        private ValidityWindow readValidity(ConfigObject validity) {
            if (validity == null) {
                return null;
            }
            LocalDate from = validity.requiredDate("from");
            LocalDate until = validity.optionalDate("until");
            return validity.failed() ? null : validity.build(() -> ValidityWindow.of(from, until));
        }

        /** The checks between entries, possibly of different files. */
        void crossCheck() {
            Map<String, Entry<Partner>> partnerIds = declared(Section.PARTNERS, partners);
            Map<String, Entry<String>> purposeIds = declared(Section.PURPOSES, purposes);
            Map<String, Entry<Project>> projectIds = declared(Section.PROJECTS, projects);
            Map<String, Entry<Agreement>> agreementIds = declared(Section.AGREEMENTS, agreements);
            for (Entry<Partner> entry : partners) {
                if (entry.value() != null) {
                    entry.value().parent().ifPresent(parent ->
                            reference(entry, "parent", parent, Section.PARTNERS, partnerIds));
                }
            }
            for (Entry<Project> entry : projects) {
                if (entry.value() != null) {
                    entry.value().leadingPartners().forEach(partner ->
                            reference(entry, "leadingPartners", partner, Section.PARTNERS, partnerIds));
                    entry.value().purposes().forEach(purpose ->
                            reference(entry, "purposes", purpose, Section.PURPOSES, purposeIds));
                }
            }
            for (Entry<Agreement> entry : agreements) {
                Agreement agreement = entry.value();
                if (agreement != null) {
                    agreement.parties().forEach(party ->
                            reference(entry, "parties", party, Section.PARTNERS, partnerIds));
                    agreement.purposes().forEach(purpose ->
                            reference(entry, "purposes", purpose, Section.PURPOSES, purposeIds));
                    agreement.project().ifPresent(project ->
                            reference(entry, "project", project, Section.PROJECTS, projectIds));
                    agreement.parent().ifPresent(parent ->
                            reference(entry, "parent", parent, Section.AGREEMENTS, agreementIds));
                }
            }
            directions.forEach((entry, oneWay) -> {
                if (entry.value() == null) {
                    return;
                }
                Set<String> parties = parties(entry.value(), agreementIds);
                for (Map.Entry<ConfigObject, Direction> direction : oneWay) {
                    ConfigObject object = direction.getKey();
                    for (String side : List.of("from", "to")) {
                        Set<String> partners = side.equals("from") ? direction.getValue().from()
                                : direction.getValue().to();
                        for (String partner : new TreeSet<>(partners)) {
                            if (parties != null && !parties.contains(partner)) {
                                error(entry.file(), object.path(side), "a party of " + entry.id() + " (one of "
                                        + new TreeSet<>(parties) + ")", ConfigObject.quote(partner));
                            }
                        }
                    }
                }
            });
            declared(Section.ROUTES, routes);
            for (Entry<Route> entry : routes) {
                Route route = entry.value();
                if (route != null) {
                    reference(entry, "from", route.from(), Section.PARTNERS, partnerIds);
                    route.to().forEach(partner -> reference(entry, "to", partner, Section.PARTNERS, partnerIds));
                    reference(entry, "purpose", route.purpose(), Section.PURPOSES, purposeIds);
                }
            }
            declared(Section.CONSENTS, consents);
            for (Entry<Consent> entry : consents) {
                Consent consent = entry.value();
                if (consent != null) {
                    for (String member : List.of("originator", "sender", "recipient")) {
                        String partner = member.equals("originator") ? consent.originator()
                                : member.equals("sender") ? consent.sender() : consent.recipient();
                        reference(entry, member, partner, Section.PARTNERS, partnerIds);
                    }
                }
            }
            declared(Section.FORMATS, formats);
            for (Entry<String[]> entry : formats) {
                if (entry.value() != null) {
                    reference(entry, "partner", entry.value()[0], Section.PARTNERS, partnerIds);
                }
            }
            if (!unidentified.contains(Section.PARTNERS)) {
                cycles(Section.PARTNERS, partners, partnerIds, partner -> partner.parent().orElse(null));
            }
            if (!unidentified.contains(Section.AGREEMENTS)) {
                cycles(Section.AGREEMENTS, agreements, agreementIds, agreement -> agreement.parent().orElse(null));
            }
        }

        /**
         * An agreement's parties: its own, or those of the nearest ancestor that has some (a supplement without
         * parties of its own has its parent's); null when a parent is unknown or in a cycle (reported elsewhere).
         */
        private static Set<String> parties(Agreement agreement, Map<String, Entry<Agreement>> byId) {
            Set<String> seen = new HashSet<>();
            for (Agreement current = agreement; current != null && seen.add(current.id()); ) {
                if (!current.parties().isEmpty()) {
                    return current.parties();
                }
                Entry<Agreement> parent = current.parent().map(byId::get).orElse(null);
                current = parent == null ? null : parent.value();
            }
            return null;
        }

        /** The entries by id, the first of each id; reports the ids declared again. */
        private <T> Map<String, Entry<T>> declared(Section section, List<Entry<T>> entries) {
            Map<String, Entry<T>> byId = new HashMap<>();
            for (Entry<T> entry : entries) {
                if (entry.id() == null) {
                    continue;
                }
                Entry<T> first = byId.putIfAbsent(entry.id(), entry);
                if (first != null) {
                    error(entry.file(), entry.path("id"), section.aNoun + " id not declared elsewhere (\""
                            + entry.id() + "\" is already declared in " + first.file() + " at "
                            + first.object().path() + ")", ConfigObject.quote(entry.id()));
                }
            }
            return byId;
        }

        private void reference(Entry<?> entry, String member, String id, Section target, Map<String, ?> known) {
            if (!known.containsKey(id) && !unidentified.contains(target)) {
                error(entry.file(), entry.path(member, id),
                        "a known " + target.noun + " id (one of " + known.keySet().stream().sorted().toList() + ")",
                        ConfigObject.quote(id));
            }
        }

        /** Reports each cycle of parents once, at the parent of its first member in reading order. */
        private <T> void cycles(Section section, List<Entry<T>> entries, Map<String, Entry<T>> byId,
                Function<T, String> parentOf) {
            Set<String> reported = new HashSet<>();
            for (Entry<T> entry : entries) {
                if (entry.value() == null || entry.id() == null || reported.contains(entry.id())
                        || byId.get(entry.id()) != entry) {
                    continue;
                }
                List<String> chain = new ArrayList<>(List.of(entry.id()));
                String next = parentOf.apply(entry.value());
                while (next != null && !chain.contains(next)) {
                    chain.add(next);
                    Entry<T> parent = byId.get(next);
                    next = parent == null || parent.value() == null ? null : parentOf.apply(parent.value());
                }
                if (entry.id().equals(next)) {
                    chain.add(next);
                    reported.addAll(chain);
                    error(entry.file(), entry.path("parent"),
                            "a chain of parents that ends at " + section.aNoun + " without parent",
                            "a cycle " + String.join(" -> ", chain));
                }
            }
        }

        Result result() {
            if (!errors.isEmpty()) {
                List<ConfigError> sorted = new ArrayList<>(errors);
                // stable: within a file, the errors stay in the order they were found
                sorted.sort(Comparator.comparing(ConfigError::file));
                return Result.rejected(sorted);
            }
            Map<String, Map<String, String>> deliveryFormats = new LinkedHashMap<>();
            for (Entry<String[]> entry : formats) {
                String[] format = entry.value();
                deliveryFormats.computeIfAbsent(format[0], partner -> new LinkedHashMap<>()).put(format[1], format[2]);
            }
            Map<String, List<Direction>> oneWay = new LinkedHashMap<>();
            directions.forEach((entry, read) -> oneWay.put(entry.id(),
                    read.stream().map(Map.Entry::getValue).toList()));
            Map<String, List<M49.Region>> named = new LinkedHashMap<>();
            regions.forEach((entry, list) -> named.put(entry.id(), list));
            return Result.loaded(new AgreementSet(values(partners), values(purposes), values(projects),
                    values(agreements), values(routes), deliveryFormats, oneWay, named, values(consents), sources));
        }

        private static <T> Map<String, T> values(List<Entry<T>> entries) {
            Map<String, T> values = new LinkedHashMap<>();
            entries.forEach(entry -> values.put(entry.id(), entry.value()));
            return values;
        }
    }
}
