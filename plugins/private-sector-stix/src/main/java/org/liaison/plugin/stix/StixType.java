package org.liaison.plugin.stix;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What this format knows about one STIX 2.1 object type: which of the model's fields it fills, which STIX timestamps
 * become {@code validFrom}/{@code validUntil}, which references become {@code relatedIds}, and the other properties,
 * which are carried as qualified labels {@code <property>:<value>}. The tables follow STIX 2.1 (OASIS Standard,
 * 10 June 2021), section 4 (SDOs) and 5 (SROs).
 */
final class StixType {

    /** How a property carried as labels is written in STIX. */
    enum Kind {
        /** A single string: one label. */
        STRING,
        /** A list of strings: one label per element, in order. */
        STRINGS,
        /** {@code true} or {@code false}: one label. */
        BOOLEAN,
        /** An integer: one label, in decimal. */
        INTEGER,
        /** A number such as a latitude: one label, as written. */
        NUMBER,
        /** {@code kill_chain_phases}: one label {@code kill_chain_phases:<kill_chain_name>:<phase_name>} per phase. */
        KILL_CHAIN
    }

    /** Which references become the record's {@code relatedIds}. */
    enum Refs {
        /** None: {@code relatedIds} is empty. */
        NONE,
        /** {@code object_refs}, in order. */
        OBJECT_REFS,
        /** {@code [source_ref, target_ref]}. */
        SOURCE_TARGET,
        /** {@code [sighting_of_ref]}. */
        SIGHTING_OF
    }

    /** A property carried as labels. */
    record Property(String name, Kind kind, boolean required) {
    }

    /** Properties every SDO and SRO may have, carried as labels; listed first in every type. */
    private static final Property[] COMMON = {
        new Property("created_by_ref", Kind.STRING, false),
        new Property("revoked", Kind.BOOLEAN, false),
        new Property("confidence", Kind.INTEGER, false),
        new Property("lang", Kind.STRING, false),
    };

    private static final Map<String, StixType> TYPES = new TreeMap<>();

    final String name;
    final boolean hasName;
    final boolean nameRequired;
    final boolean hasDescription;
    final boolean hasPattern;
    /** The timestamp that becomes {@code validFrom}, or null. */
    final String from;
    final boolean fromRequired;
    /** The timestamp that becomes {@code validUntil}, or null. */
    final String until;
    final boolean untilRequired;
    final Refs refs;
    final boolean refsRequired;
    /** The properties carried as labels, in the order their labels are listed. */
    final Map<String, Property> properties;

    private StixType(Builder b) {
        this.name = b.name;
        this.hasName = b.hasName;
        this.nameRequired = b.nameRequired;
        this.hasDescription = b.hasDescription;
        this.hasPattern = b.hasPattern;
        this.from = b.from;
        this.fromRequired = b.fromRequired;
        this.until = b.until;
        this.untilRequired = b.untilRequired;
        this.refs = b.refs;
        this.refsRequired = b.refsRequired;
        this.properties = Collections.unmodifiableMap(b.properties);
    }

    /** The type with this STIX name, or null when this format does not carry it. */
    static StixType of(String type) {
        return type == null ? null : TYPES.get(type);
    }

    /** The STIX types this format carries, in alphabetical order. */
    static Set<String> names() {
        return TYPES.keySet();
    }

    /** Whether a label {@code <prefix>:...} names a property of this type (or {@code labels}). */
    boolean isQualifier(String prefix) {
        return prefix.equals("labels") || properties.containsKey(prefix);
    }

    static {
        sdo("attack-pattern").name(true).strings("aliases").killChain().add();
        sdo("campaign").name(true).strings("aliases").string("objective").times("first_seen", false, "last_seen")
                .add();
        sdo("course-of-action").name(true).add();
        sdo("grouping").name(false).string("context", true).refs(Refs.OBJECT_REFS, true).add();
        sdo("identity").name(true).strings("roles").string("identity_class").strings("sectors")
                .string("contact_information").add();
        sdo("indicator").name(false).pattern().strings("indicator_types").string("pattern_version").killChain()
                .times("valid_from", true, "valid_until").add();
        sdo("infrastructure").name(true).strings("infrastructure_types").strings("aliases").killChain()
                .times("first_seen", false, "last_seen").add();
        sdo("intrusion-set").name(true).strings("aliases").strings("goals").string("resource_level")
                .string("primary_motivation").strings("secondary_motivations")
                .times("first_seen", false, "last_seen").add();
        sdo("location").name(false).number("latitude").number("longitude").number("precision").string("region")
                .string("country").string("administrative_area").string("city").string("street_address")
                .string("postal_code").add();
        // is_family is required by STIX; only "true" is carried as a label, absent or false is written as false
        sdo("malware").name(false).strings("malware_types").bool("is_family").strings("aliases").killChain()
                .strings("operating_system_refs").strings("architecture_execution_envs")
                .strings("implementation_languages").strings("capabilities").strings("sample_refs")
                .times("first_seen", false, "last_seen").add();
        sdo("note").noDescription().string("abstract").string("content", true).strings("authors")
                .refs(Refs.OBJECT_REFS, true).add();
        sdo("observed-data").noDescription().integer("number_observed", true)
                .times("first_observed", true, "last_observed").untilRequired().refs(Refs.OBJECT_REFS, false).add();
        sdo("opinion").noDescription().string("explanation").strings("authors").string("opinion", true)
                .refs(Refs.OBJECT_REFS, true).add();
        sdo("report").name(true).strings("report_types").times("published", true, null)
                .refs(Refs.OBJECT_REFS, true).add();
        sdo("threat-actor").name(true).strings("threat_actor_types").strings("aliases").strings("roles")
                .strings("goals").string("sophistication").string("resource_level").string("primary_motivation")
                .strings("secondary_motivations").strings("personal_motivations")
                .times("first_seen", false, "last_seen").add();
        sdo("tool").name(true).strings("tool_types").strings("aliases").killChain().string("tool_version").add();
        sdo("vulnerability").name(true).add();
        sdo("relationship").string("relationship_type", true).times("start_time", false, "stop_time")
                .refs(Refs.SOURCE_TARGET, true).add();
        sdo("sighting").integer("count", false).strings("observed_data_refs").strings("where_sighted_refs")
                .bool("summary").times("first_seen", false, "last_seen").refs(Refs.SIGHTING_OF, true).add();
    }

    private static Builder sdo(String name) {
        return new Builder(name);
    }

    private static final class Builder {
        private final String name;
        private boolean hasName;
        private boolean nameRequired;
        private boolean hasDescription = true;
        private boolean hasPattern;
        private String from;
        private boolean fromRequired;
        private String until;
        private boolean untilRequired;
        private Refs refs = Refs.NONE;
        private boolean refsRequired;
        private final Map<String, Property> properties = new LinkedHashMap<>();

        Builder(String name) {
            this.name = name;
            for (Property common : COMMON) {
                properties.put(common.name(), common);
            }
        }

        Builder name(boolean required) {
            hasName = true;
            nameRequired = required;
            return this;
        }

        Builder noDescription() {
            hasDescription = false;
            return this;
        }

        Builder pattern() {
            hasPattern = true;
            return this;
        }

        Builder times(String from, boolean fromRequired, String until) {
            this.from = from;
            this.fromRequired = fromRequired;
            this.until = until;
            return this;
        }

        Builder untilRequired() {
            untilRequired = true;
            return this;
        }

        Builder refs(Refs refs, boolean required) {
            this.refs = refs;
            this.refsRequired = required;
            return this;
        }

        Builder string(String property) {
            return string(property, false);
        }

        Builder string(String property, boolean required) {
            properties.put(property, new Property(property, Kind.STRING, required));
            return this;
        }

        Builder strings(String property) {
            properties.put(property, new Property(property, Kind.STRINGS, false));
            return this;
        }

        Builder bool(String property) {
            properties.put(property, new Property(property, Kind.BOOLEAN, false));
            return this;
        }

        Builder integer(String property, boolean required) {
            properties.put(property, new Property(property, Kind.INTEGER, required));
            return this;
        }

        Builder number(String property) {
            properties.put(property, new Property(property, Kind.NUMBER, false));
            return this;
        }

        Builder killChain() {
            properties.put("kill_chain_phases", new Property("kill_chain_phases", Kind.KILL_CHAIN, false));
            return this;
        }

        void add() {
            TYPES.put(name, new StixType(this));
        }
    }
}
