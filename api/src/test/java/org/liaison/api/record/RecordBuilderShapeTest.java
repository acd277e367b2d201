package org.liaison.api.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The canonical JSON codec serialises records field by field and reads them back by filling the fields of their
 * Builder and calling build(). These tests pin the shape that relies on.
 */
class RecordBuilderShapeTest {

    static final List<Class<?>> RECORDS = List.of(Person.class, Organisation.class, Notice.class,
            SanctionListing.class, Seizure.class, Incident.class, ThreatIndicator.class, OwnershipRelation.class);

    static final List<Class<?>> VALUES = List.of(PartialDate.class, PersonName.class, IdentityDocument.class,
            Address.class, Charge.class, GeoPoint.class, Interest.class, IncidentActor.class, GranularMarking.class);

    private static List<Field> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                .filter(f -> !f.isSynthetic()).collect(Collectors.toList());
    }

    private static List<String> names(Class<?> type) {
        return instanceFields(type).stream().map(Field::getName).sorted().collect(Collectors.toList());
    }

    @Test
    void everyClassHasOnlyDataFieldsMirroredByItsBuilder() throws Exception {
        for (Class<?> type : RECORDS.stream().collect(Collectors.toList())) {
            assertTrue(DataRecord.class.isAssignableFrom(type), type::toString);
            List<String> fields = names(type);
            assertTrue(fields.contains("id") && fields.contains("marking"), type::toString);
            assertTrue(!fields.contains("type"), () -> type + " must not store its type");
        }
        for (Class<?> type : concat(RECORDS, VALUES)) {
            Class<?> builder = Class.forName(type.getName() + "$Builder");
            assertTrue(Modifier.isFinal(type.getModifiers()), () -> type + " must be final");
            for (Field field : instanceFields(type)) {
                assertTrue(Modifier.isPrivate(field.getModifiers()) && Modifier.isFinal(field.getModifiers()),
                        () -> field + " must be private final");
            }
            assertEquals(names(type), names(builder), () -> type.getSimpleName() + " and its Builder");
            assertEquals(type, builder.getMethod("build").getReturnType());
            assertEquals(builder, type.getMethod("toBuilder").getReturnType());
            for (Field field : instanceFields(type)) {
                type.getMethod(field.getName());
            }
        }
    }

    @Test
    void aReaderLeavingCollectionsNullGetsEmptyCollections() throws Exception {
        Constructor<Person.Builder> constructor = Person.Builder.class.getDeclaredConstructor();
        constructor.setAccessible(true);
        Person.Builder builder = constructor.newInstance();
        set(builder, "id", "P-1");
        set(builder, "name", PersonName.builder().fullName("John Smith").build());
        Person person = builder.build();
        assertTrue(person.aliases().isEmpty() && person.nationalities().isEmpty() && person.documents().isEmpty());
        assertEquals(RecordFixtures.person().id("P-1").build(), person);
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    private static List<Class<?>> concat(List<Class<?>> a, List<Class<?>> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toList());
    }
}
