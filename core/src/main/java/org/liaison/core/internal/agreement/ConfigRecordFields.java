package org.liaison.core.internal.agreement;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import org.liaison.api.record.DataRecord;
import org.liaison.api.record.Incident;
import org.liaison.api.record.Notice;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.OwnershipRelation;
import org.liaison.api.record.Person;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.SanctionListing;
import org.liaison.api.record.Seizure;
import org.liaison.api.record.ThreatIndicator;

/**
 * Checks an agreement's excluded fields ({@code person.distinguishingMarks}) against the record classes, so that a
 * misspelt field is refused when the configuration is loaded instead of silently excluding nothing.
 *
 * <p>A path is exactly {@code <record type id>.<field>}: one level. The field must be a declared instance field of
 * the record type's class, and one a record may lack: its accessor returns an {@code Optional}, a collection or a
 * map. Fields whose accessor returns a plain value are required by the record's {@code build()} and cannot be
 * removed; neither can {@code id}, {@code marking} (removing a record's own marking would let it travel under a
 * lower one) nor the fields listed in {@link #CONDITIONALLY_REQUIRED}.
 *
 * <p>Deeper paths such as {@code notice.subject.documents}, which the model's syntax allows, are refused: the
 * enforcement excludes a field from every record of its type, including the records nested in others (the subject
 * of a notice, the person or organisation of a sanction listing), so {@code person.documents} is the way to write
 * it, and a deeper path would remove nothing.
 */
final class ConfigRecordFields {

    /** Fields that look optional but that {@code build()} requires in some records. */
    private static final Map<Class<?>, Set<String>> CONDITIONALLY_REQUIRED = Map.of(
            // person for individuals, organisation for entities
            SanctionListing.class, Set.of("person", "organisation"),
            // exactly one of the two is set
            OwnershipRelation.class, Set.of("interestedPartyId", "interestedPartyUnspecifiedReason"));

    private static final Set<String> NEVER_REMOVABLE = Set.of("id", "marking");

    private ConfigRecordFields() {
    }

    /** The model class of a record type. A new record type in the api gets a line here. */
    static Class<? extends DataRecord> recordClass(RecordType type) {
        return switch (type) {
            case PERSON -> Person.class;
            case ORGANISATION -> Organisation.class;
            case NOTICE -> Notice.class;
            case SANCTION_LISTING -> SanctionListing.class;
            case SEIZURE -> Seizure.class;
            case INCIDENT -> Incident.class;
            case THREAT_INDICATOR -> ThreatIndicator.class;
            case OWNERSHIP_RELATION -> OwnershipRelation.class;
        };
    }

    /**
     * What was expected instead of {@code path}, or null when {@code path} names a field that may be excluded.
     */
    static String problem(String path) {
        String[] steps = path.split("\\.", -1);
        if (steps.length < 2 || Arrays.stream(steps).anyMatch(String::isEmpty)) {
            return "a field written <record-type>.<field>, such as person.distinguishingMarks";
        }
        if (steps.length > 2) {
            return "a field written <record-type>.<field>, one level only (a field of a record nested in another, "
                    + "such as the subject of a notice, is excluded through its own type: person.<field> applies to "
                    + "every person, nested or not)";
        }
        RecordType type;
        try {
            type = RecordType.fromId(steps[0]);
        } catch (IllegalArgumentException unknown) {
            return "a field written <record-type>.<field> with a known record type (one of "
                    + Arrays.stream(RecordType.values()).map(RecordType::id).toList() + ")";
        }
        Class<?> owner = recordClass(type);
        String name = steps[1];
        if (instanceField(owner, name) == null) {
            return removable(owner) + "; " + owner.getSimpleName() + " has no field '" + name + "'";
        }
        if (!mayLack(owner, name)) {
            return removable(owner) + "; '" + name + "' " + whyRequired(name);
        }
        return null;
    }

    private static String removable(Class<?> owner) {
        return "a field that " + owner.getSimpleName() + " records may lack (one of "
                + Arrays.stream(owner.getDeclaredFields()).filter(ConfigRecordFields::isInstanceField)
                        .map(Field::getName).filter(name -> mayLack(owner, name)).sorted().toList()
                + ")";
    }

    private static String whyRequired(String name) {
        return switch (name) {
            case "id" -> "identifies the record and cannot be removed";
            case "marking" -> "is the record's own handling marking and cannot be removed";
            default -> "is required, so it cannot be removed";
        };
    }

    private static Field instanceField(Class<?> owner, String name) {
        return Arrays.stream(owner.getDeclaredFields())
                .filter(field -> isInstanceField(field) && field.getName().equals(name)).findFirst().orElse(null);
    }

    private static boolean isInstanceField(Field field) {
        return !Modifier.isStatic(field.getModifiers()) && !field.isSynthetic();
    }

    /** Whether a record may be built without the field: its accessor says it may be absent or empty. */
    private static boolean mayLack(Class<?> owner, String name) {
        if (NEVER_REMOVABLE.contains(name) || CONDITIONALLY_REQUIRED.getOrDefault(owner, Set.of()).contains(name)) {
            return false;
        }
        Method accessor;
        try {
            accessor = owner.getMethod(name);
        } catch (NoSuchMethodException e) {
            return false;
        }
        Class<?> type = accessor.getReturnType();
        return type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
                || type == OptionalDouble.class || Collection.class.isAssignableFrom(type)
                || Map.class.isAssignableFrom(type);
    }
}
