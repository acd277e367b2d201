package org.liaison.core.internal.agreement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The agreement configurations the benchmarks load, written as files in the documented format
 * ({@code docs/agreements.md}) to a fresh directory:
 * <ul>
 * <li>{@link #DEMO}: the demo configuration the distribution ships, copied from
 * {@code distribution/src/main/dist/conf/agreements/} into the benchmark jar (5 files: 7 partners, 8 purposes,
 * 1 project, 6 agreements), the baseline;</li>
 * <li>{@link #GENERATED_1000}: the demo files plus 12 generated ones, 200 partners, the 8 demo purposes, 20 projects
 * and 1,000 agreements in all (100 to a file). The generated entries are drawn from a seeded {@link Random}, so
 * every run writes the same files: a mix of cooperation agreements, memoranda of understanding, supplementary
 * agreements (with parents, some chained, most without parties of their own) and project charters (half of them
 * with a geographic scope of their own, the others taking their project's countries), with random areas,
 * purposes, record types, excluded fields, scopes, validity windows, statuses, ceilings and onward-transfer rules.
 * INTERPOL, UNODC, the Security Council and UN police are parties to many more agreements than the other partners,
 * as hubs are; no generated agreement binds both {@code interpol} and {@code unpol}, so that the decisions between
 * those two are the same in both configurations and only the size of the configuration differs.</li>
 * </ul>
 */
final class BenchmarkConfigurations {

    static final String DEMO = "demo";
    static final String GENERATED_1000 = "generated-1000";

    /** The demo configuration, copied into the benchmark jar from the distribution's conf/agreements/. */
    private static final String DEMO_RESOURCE = "/liaison-demo-agreements";

    private static final long SEED = 20261129L;
    private static final int PARTNERS = 200;
    private static final int PROJECTS = 20;
    private static final int AGREEMENTS = 1000;
    private static final int AGREEMENTS_PER_FILE = 100;

    private static final List<String> HUBS = List.of("interpol", "interpol", "interpol", "interpol", "unodc", "unodc",
            "unsc", "unpol");
    private static final List<String> PARTNER_KINDS = List.of("national-authority", "national-authority",
            "national-authority", "international-organisation", "ngo", "association", "foundation",
            "academic-institution", "private-company");
    private static final List<String> AREAS = List.of("information-exchange", "mutual-identification",
            "database-access", "mutual-representation", "technical-assistance", "interim-law-enforcement",
            "national-police-support");
    private static final List<String> RECORD_TYPES = List.of("person", "organisation", "notice", "sanction-listing",
            "seizure", "incident", "threat-indicator", "ownership");
    private static final List<String> EXCLUDABLE = List.of("person.distinguishingMarks", "person.documents",
            "person.addresses", "organisation.identifiers", "notice.url", "seizure.region", "incident.notes",
            "threat-indicator.externalReferences", "ownership.interests", "sanction-listing.comments");
    private static final List<String> STATUSES = List.of("in-force", "in-force", "in-force", "in-force", "in-force",
            "in-force", "in-force", "in-force", "in-force", "in-force", "in-force", "in-force", "signed", "suspended",
            "terminated");
    private static final List<String> CEILINGS = List.of("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT",
            "TLP:RED");
    private static final List<String> ONWARD = List.of("prohibited", "with-originator-consent", "permitted");
    /** Fixed, so that the files do not depend on the JDK's list of countries. */
    private static final List<String> COUNTRIES = List.of("AF", "AR", "BA", "BF", "BJ", "BO", "BR", "CD", "CF", "CI",
            "CL", "CM", "CO", "CR", "CV", "CY", "DE", "DO", "EC", "ES", "FR", "GB", "GH", "GM", "GN", "GT", "GW", "HN",
            "HT", "IQ", "IT", "JM", "KE", "LB", "LR", "LY", "ML", "MR", "MX", "NE", "NG", "NL", "PA", "PE", "PH",
            "PY", "SD", "SL", "SN", "SO", "SS", "SV", "TD", "TG", "TT", "UA", "US", "UY", "XK", "YE");

    /** An agreement of the demo files: agreement kinds are not partner kinds. */
    private static final Pattern AGREEMENT_KIND = Pattern.compile(
            "\"kind\"\\s*:\\s*\"(cooperation-agreement|memorandum-of-understanding|supplementary-agreement"
                    + "|project-charter)\"");

    private BenchmarkConfigurations() {
    }

    /** A configuration written to a directory, and the number of agreements it holds. */
    record Written(String configuration, Path directory, int agreements) {
    }

    /**
     * Writes the files of a configuration to a new temporary directory. Writes them without gson and without the
     * loader's code, so that a benchmark of the first load finds neither loaded yet.
     */
    static Written write(String configuration) {
        if (!configuration.equals(DEMO) && !configuration.equals(GENERATED_1000)) {
            throw new IllegalArgumentException("unknown configuration " + configuration);
        }
        try {
            Path directory = Files.createTempDirectory("liaison-bench-" + configuration + "-");
            int demo = copyDemo(directory);
            if (configuration.equals(DEMO)) {
                return new Written(configuration, directory, demo);
            }
            writeGenerated(directory, AGREEMENTS - demo);
            return new Written(configuration, directory, AGREEMENTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a written configuration, failing on any error or a wrong count, and builds the policy. */
    static AgreementPolicy policy(Written written) {
        AgreementFiles.Result result = AgreementFiles.load(written.directory());
        if (!result.errors().isEmpty()) {
            throw new IllegalStateException("the " + written.configuration() + " configuration does not load: "
                    + result.errors());
        }
        AgreementSet set = result.set().orElseThrow();
        if (set.agreements().size() != written.agreements()) {
            throw new IllegalStateException("the " + written.configuration() + " configuration loads "
                    + set.agreements().size() + " agreements, expected " + written.agreements());
        }
        return new AgreementPolicy(set);
    }

    static void delete(Written written) {
        if (written == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(written.directory())) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the demo files into {@code directory}; returns the number of agreements they declare. */
    private static int copyDemo(Path directory) throws IOException {
        URL url = BenchmarkConfigurations.class.getResource(DEMO_RESOURCE);
        if (url == null) {
            throw new IllegalStateException(DEMO_RESOURCE + " is not on the class path");
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return copyJsonFiles(jar.provider().getPath(uri), directory);
            }
        }
        return copyJsonFiles(Path.of(uri), directory);
    }

    private static int copyJsonFiles(Path from, Path to) throws IOException {
        int files = 0;
        int agreements = 0;
        try (Stream<Path> list = Files.list(from)) {
            for (Path file : list.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                byte[] bytes;
                try (InputStream in = Files.newInputStream(file)) {
                    bytes = in.readAllBytes();
                }
                Files.write(to.resolve(file.getFileName().toString()), bytes);
                Matcher kinds = AGREEMENT_KIND.matcher(new String(bytes, StandardCharsets.UTF_8));
                while (kinds.find()) {
                    agreements++;
                }
                files++;
            }
        }
        if (files == 0 || agreements == 0) {
            throw new IllegalStateException("no demo agreements in " + from);
        }
        return agreements;
    }

    /** Everything but the demo's entries, drawn from a seeded generator. */
    private static void writeGenerated(Path directory, int generated) throws IOException {
        Random random = new Random(SEED);
        List<String> demoPartners = List.of("interpol", "unpol", "unsc", "unodc", "transparency-international",
                "threat-intel-company", "anti-corruption-ngo");
        List<String> demoPurposes = List.of("peacekeeping-operations", "post-conflict-stabilisation",
                "arrest-warrant-execution", "counter-terrorism", "drug-trafficking", "organised-crime-investigation",
                "sanctions-implementation", "cybercrime-prevention");

        // partners
        List<String> partners = new ArrayList<>();
        List<Object> partnerArray = new ArrayList<>();
        for (int i = 1; partners.size() + demoPartners.size() < PARTNERS; i++) {
            String id = String.format(Locale.ROOT, "partner-%03d", i);
            String kind = pick(random, PARTNER_KINDS);
            Map<String, Object> partner = new LinkedHashMap<>();
            partner.put("id", id);
            partner.put("name", "Generated partner " + i + " (" + kind + ")");
            partner.put("kind", kind);
            if (kind.equals("national-authority")) {
                partner.put("country", pick(random, COUNTRIES));
            }
            partnerArray.add(partner);
            partners.add(id);
        }
        writeFile(directory.resolve("generated-partners.json"), "partners", partnerArray);

        // projects
        Map<String, List<String>> projectLeads = new HashMap<>();
        Map<String, List<String>> projectCountries = new HashMap<>();
        List<String> projects = new ArrayList<>();
        List<Object> projectArray = new ArrayList<>();
        for (int i = 1; i < PROJECTS; i++) {
            String id = String.format(Locale.ROOT, "project-%02d", i);
            List<String> leads = new ArrayList<>(distinct(random, partners, 1 + random.nextInt(2)));
            leads.add(0, pick(random, HUBS));
            List<String> countries = distinct(random, COUNTRIES, 5 + random.nextInt(26));
            Map<String, Object> project = new LinkedHashMap<>();
            project.put("id", id);
            project.put("name", "Generated project " + i);
            project.put("programme", "Generated programme " + (1 + i % 4));
            project.put("leadingPartners", List.copyOf(leads));
            project.put("participatingCountries", List.copyOf(countries));
            project.put("purposes", List.copyOf(distinct(random, demoPurposes, 1 + random.nextInt(2))));
            project.put("description", "A joint operation generated for the agreement benchmarks.");
            projectArray.add(project);
            projects.add(id);
            projectLeads.put(id, leads);
            projectCountries.put(id, countries);
        }
        writeFile(directory.resolve("generated-projects.json"), "projects", projectArray);

        // agreements, 100 to a file
        List<String> agreementIds = new ArrayList<>();
        Map<String, List<String>> resolvedParties = new HashMap<>();
        List<Object> agreementArray = new ArrayList<>();
        int file = 0;
        for (int i = 1; i <= generated; i++) {
            String id = String.format(Locale.ROOT, "agreement-%04d", i);
            double draw = random.nextDouble();
            String kind = draw < 0.40 || agreementIds.isEmpty() ? "cooperation-agreement"
                    : draw < 0.70 ? "memorandum-of-understanding"
                    : draw < 0.88 ? "supplementary-agreement" : "project-charter";
            Map<String, Object> agreement = new LinkedHashMap<>();
            agreement.put("id", id);
            agreement.put("kind", kind);
            List<String> parties;
            String parentId = null;
            String projectId = null;
            switch (kind) {
                case "supplementary-agreement" -> {
                    parentId = pick(random, agreementIds);
                    List<String> inherited = resolvedParties.get(parentId);
                    parties = random.nextInt(4) == 0 ? inherited : List.of();
                    resolvedParties.put(id, inherited);
                }
                case "project-charter" -> {
                    projectId = pick(random, projects);
                    Set<String> members = new LinkedHashSet<>(projectLeads.get(projectId));
                    members.addAll(distinct(random, partners, 1 + random.nextInt(2)));
                    parties = withoutInterpolAndUnpolTogether(new ArrayList<>(members));
                    resolvedParties.put(id, parties);
                }
                default -> {
                    Set<String> members = new LinkedHashSet<>();
                    if (random.nextInt(100) < 35) {
                        members.add(pick(random, HUBS));
                    }
                    int size = random.nextInt(10) == 0 ? 3 : 2;
                    while (members.size() < size) {
                        members.add(pick(random, partners));
                    }
                    parties = new ArrayList<>(members);
                    resolvedParties.put(id, parties);
                }
            }
            agreement.put("title", "Generated " + kind.replace('-', ' ') + " " + i + " between "
                    + String.join(", ", resolvedParties.get(id)));
            if (projectId != null) {
                agreement.put("project", projectId);
            }
            agreement.put("parties", List.copyOf(parties));
            if (parentId != null) {
                agreement.put("parent", parentId);
            }
            agreement.put("areas", List.copyOf(distinct(random, AREAS, 1 + random.nextInt(3))));
            agreement.put("purposes", random.nextInt(100) < 15 ? List.of()
                    : List.copyOf(distinct(random, demoPurposes, 1 + random.nextInt(3))));
            if (random.nextInt(100) < 60) {
                agreement.put("recordTypes", List.copyOf(distinct(random, RECORD_TYPES, 1 + random.nextInt(4))));
            }
            if (random.nextInt(100) < 20) {
                agreement.put("excludedFields", List.copyOf(distinct(random, EXCLUDABLE, 1 + random.nextInt(2))));
            }
            if (projectId != null) {
                if (random.nextBoolean()) {
                    List<String> countries = projectCountries.get(projectId);
                    agreement.put("geographicScope",
                            List.copyOf(distinct(random, countries, 1 + random.nextInt(countries.size()))));
                }
            } else if (random.nextInt(100) < 20) {
                agreement.put("geographicScope", List.copyOf(distinct(random, COUNTRIES, 1 + random.nextInt(10))));
            }
            LocalDate from = LocalDate.of(1995, 1, 1).plusDays(random.nextInt(31 * 365));
            Map<String, Object> validity = new LinkedHashMap<>();
            validity.put("from", from.toString());
            if (random.nextInt(100) < 25) {
                validity.put("until", from.plusDays(365 + random.nextInt(15 * 365)).toString());
            }
            agreement.put("validity", validity);
            agreement.put("status", pick(random, STATUSES));
            if (random.nextBoolean()) {
                agreement.put("handlingCeiling", pick(random, CEILINGS));
            }
            if (random.nextBoolean()) {
                agreement.put("onwardTransfer", pick(random, ONWARD));
            }
            agreement.put("source", "Generated for the agreement benchmarks from seed " + SEED
                    + "; stands for the treaty series reference or document symbol of a real agreement.");
            agreementArray.add(agreement);
            agreementIds.add(id);
            if (agreementArray.size() == AGREEMENTS_PER_FILE || i == generated) {
                String name = String.format(Locale.ROOT, "generated-agreements-%02d.json", file++);
                writeFile(directory.resolve(name), "agreements", agreementArray);
                agreementArray = new ArrayList<>();
            }
        }
    }

    /** Keeps the decisions between interpol and unpol the demo's own (see the class comment). */
    private static List<String> withoutInterpolAndUnpolTogether(List<String> parties) {
        if (parties.contains("interpol") && parties.contains("unpol")) {
            parties.remove("unpol");
        }
        return parties;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<String> distinct(Random random, List<String> values, int count) {
        List<String> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, random);
        return new ArrayList<>(shuffled.subList(0, Math.min(count, shuffled.size())));
    }


    /** Writes {@code {"member": [entries]}}, an entry to a line. */
    private static void writeFile(Path file, String member, List<Object> entries) throws IOException {
        StringBuilder json = new StringBuilder("{\n  ").append(quote(member)).append(": [\n");
        for (int i = 0; i < entries.size(); i++) {
            json.append("    ");
            append(json, entries.get(i));
            json.append(i < entries.size() - 1 ? ",\n" : "\n");
        }
        json.append("  ]\n}\n");
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    private static void append(StringBuilder json, Object value) {
        if (value instanceof String string) {
            json.append(quote(string));
        } else if (value instanceof List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                json.append(i == 0 ? "" : ", ");
                append(json, list.get(i));
            }
            json.append(']');
        } else if (value instanceof Map<?, ?> map) {
            json.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.append(separator).append(quote((String) entry.getKey())).append(": ");
                append(json, entry.getValue());
                separator = ", ";
            }
            json.append('}');
        } else {
            throw new IllegalArgumentException("not a string, list or map: " + value);
        }
    }

    private static String quote(String string) {
        StringBuilder quoted = new StringBuilder(string.length() + 2).append('"');
        for (char c : string.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
