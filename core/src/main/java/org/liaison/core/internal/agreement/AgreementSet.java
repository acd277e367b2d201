package org.liaison.core.internal.agreement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.liaison.api.model.Agreement;
import org.liaison.api.model.Partner;
import org.liaison.api.model.Project;

/**
 * One complete, validated agreement configuration: the partners, purposes, projects and agreements loaded together
 * from the files of {@code conf/agreements/}. Immutable; it is swapped whole when the files change, so a decision
 * never sees half of one set and half of another.
 *
 * <p>Every cross-reference in a set resolves: an agreement's parties, parent, purposes and project exist, and a
 * supplementary agreement's parent is not itself missing.
 */
final class AgreementSet {

    /** A file the set was loaded from, with the SHA-256 of the content that was read. */
    record SourceFile(String name, String sha256) {
    }

    private static final AgreementSet EMPTY = new AgreementSet(Map.of(), Map.of(), Map.of(), Map.of(), List.of());

    private final Map<String, Partner> partners;
    private final Map<String, String> purposes;
    private final Map<String, Project> projects;
    private final Map<String, Agreement> agreements;
    private final List<SourceFile> files;

    /**
     * @param partners   partners by id
     * @param purposes   purpose descriptions by purpose id
     * @param projects   projects by id
     * @param agreements agreements by id, in the order they were read
     * @param files      the files read, sorted by name
     */
    AgreementSet(Map<String, Partner> partners, Map<String, String> purposes, Map<String, Project> projects,
            Map<String, Agreement> agreements, List<SourceFile> files) {
        this.partners = Collections.unmodifiableMap(new LinkedHashMap<>(partners));
        this.purposes = Collections.unmodifiableMap(new LinkedHashMap<>(purposes));
        this.projects = Collections.unmodifiableMap(new LinkedHashMap<>(projects));
        this.agreements = Collections.unmodifiableMap(new LinkedHashMap<>(agreements));
        this.files = List.copyOf(files);
    }

    /** The set in force before any configuration was loaded: it covers nothing. */
    static AgreementSet empty() {
        return EMPTY;
    }

    Map<String, Partner> partners() {
        return partners;
    }

    Optional<Partner> partner(String id) {
        return Optional.ofNullable(partners.get(id));
    }

    /** Purpose descriptions by purpose id: the purposes an exchange may name. */
    Map<String, String> purposes() {
        return purposes;
    }

    Map<String, Project> projects() {
        return projects;
    }

    Map<String, Agreement> agreements() {
        return agreements;
    }

    Optional<Agreement> agreement(String id) {
        return Optional.ofNullable(agreements.get(id));
    }

    List<SourceFile> files() {
        return files;
    }
}
