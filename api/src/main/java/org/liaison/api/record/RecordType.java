package org.liaison.api.record;

import java.util.Arrays;

/**
 * The kinds of record that partners exchange. Every {@link DataRecord} has exactly one of these types.
 *
 * <p>The {@link #id() id} is the stable, lower-case name used in configuration files (agreements cover record
 * types by id), in the canonical JSON format and in audit entries. Adding a constant is a minor version change of
 * this package; a plugin that meets a type it does not know must report the record as an error for that type, not
 * fail the whole payload.
 */
public enum RecordType {
    /** A natural person: a subject of a notice or a listing, an interested party in an ownership relation. */
    PERSON("person"),
    /** A legal person or organised group: a company, an entity on a sanctions list, an armed group. */
    ORGANISATION("organisation"),
    /** An INTERPOL notice or diffusion: red, yellow, INTERPOL–UN Security Council special notice and so on. */
    NOTICE("notice"),
    /** An entry on a sanctions list, such as the UN Security Council Consolidated List. */
    SANCTION_LISTING("sanction-listing"),
    /** A drug or goods seizure, as UNODC collects them. */
    SEIZURE("seizure"),
    /** A security or conflict incident, as peacekeeping missions record them. */
    INCIDENT("incident"),
    /** A cyber-threat indicator or related threat-intelligence object, as STIX 2.1 carries them. */
    THREAT_INDICATOR("threat-indicator"),
    /** Who owns or controls whom: a beneficial-ownership or control relation. */
    OWNERSHIP_RELATION("ownership");

    private final String id;

    RecordType(String id) {
        this.id = id;
    }

    /** The stable lower-case name of this type, for example {@code sanction-listing}. */
    public String id() {
        return id;
    }

    /**
     * Returns the type with the given {@link #id() id}.
     *
     * @throws IllegalArgumentException naming the unknown id and listing the known ones
     */
    public static RecordType fromId(String id) {
        for (RecordType type : values()) {
            if (type.id.equals(id)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown record type '" + id + "': expected one of "
                + Arrays.stream(values()).map(RecordType::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
