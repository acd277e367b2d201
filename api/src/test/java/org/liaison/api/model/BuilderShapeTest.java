package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The canonical JSON codec serialises model objects field by field and reads them back by filling the fields of
 * their Builder and calling build(). These tests pin the shape that relies on.
 */
class BuilderShapeTest {

    static final List<Class<?>> MODEL_CLASSES = List.of(Agreement.class, Exchange.class, HandlingMarking.class,
            Partner.class, Project.class, SourceEvaluation.class, ValidityWindow.class);

    /** Asserts that {@code type} has only private final data fields, named exactly as its Builder's fields. */
    static void assertBuilderMirrorsFields(Class<?> type) throws NoSuchMethodException {
        Class<?> builder = Arrays.stream(type.getDeclaredClasses())
                .filter(c -> c.getSimpleName().equals("Builder")).findFirst()
                .orElseThrow(() -> new AssertionError(type + " has no Builder"));
        assertTrue(Modifier.isFinal(type.getModifiers()), type + " must be final");
        assertTrue(Modifier.isStatic(builder.getModifiers()) && Modifier.isFinal(builder.getModifiers()));
        for (Field field : instanceFields(type)) {
            assertTrue(Modifier.isPrivate(field.getModifiers()) && Modifier.isFinal(field.getModifiers()),
                    () -> field + " must be private final");
        }
        assertEquals(names(type), names(builder), () -> type.getSimpleName() + " and its Builder");
        Method build = builder.getMethod("build");
        assertEquals(type, build.getReturnType());
        assertEquals(builder, type.getMethod("toBuilder").getReturnType());
        assertEquals(builder, type.getMethod("builder").getReturnType());
        for (Field field : instanceFields(type)) {
            // every data field has an accessor of the same name
            type.getMethod(field.getName());
        }
        Constructor<?> noArgs = builder.getDeclaredConstructor();
        assertTrue(Modifier.isPrivate(noArgs.getModifiers()), "builders are created by builder() only");
    }

    static List<Field> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                .filter(f -> !f.isSynthetic()).collect(Collectors.toList());
    }

    static List<String> names(Class<?> type) {
        return instanceFields(type).stream().map(Field::getName).sorted().collect(Collectors.toList());
    }

    @Test
    void everyModelClassHasABuilderMirroringItsFields() throws Exception {
        for (Class<?> type : MODEL_CLASSES) {
            assertBuilderMirrorsFields(type);
        }
    }

    /** What a reflective reader does: fill some builder fields, leave the rest null, call build(). */
    static Object buildReflectively(Class<?> type, Map<String, Object> values) throws Exception {
        Class<?> builderType = Class.forName(type.getName() + "$Builder");
        Constructor<?> constructor = builderType.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object builder = constructor.newInstance();
        for (Field field : instanceFields(builderType)) {
            field.setAccessible(true);
            if (!field.getType().isPrimitive()) {
                field.set(builder, values.get(field.getName()));
            } else if (values.containsKey(field.getName())) {
                field.set(builder, values.get(field.getName()));
            }
        }
        return builderType.getMethod("build").invoke(builder);
    }

    @Test
    void nullCollectionsAndDefaultsLeftNullByAReaderAreEmptyOrDefault() throws Exception {
        Agreement agreement = (Agreement) buildReflectively(Agreement.class, Map.of(
                "id", "a", "title", "A", "kind", AgreementKind.COOPERATION_AGREEMENT,
                "parties", new java.util.HashSet<>(List.of("x", "y")),
                "areas", new java.util.HashSet<>(List.of(CooperationArea.TECHNICAL_ASSISTANCE)),
                "validity", ValidityWindow.of(LocalDate.of(2020, 1, 1), null),
                "status", AgreementStatus.SIGNED, "handlingCeiling", Tlp.GREEN));
        assertTrue(agreement.purposes().isEmpty());
        assertTrue(agreement.recordTypes().isEmpty());
        assertTrue(agreement.excludedFields().isEmpty());
        assertTrue(agreement.geographicScope().isEmpty());
        assertEquals(OnwardTransfer.PROHIBITED, agreement.onwardTransfer());

        HandlingMarking marking = (HandlingMarking) buildReflectively(HandlingMarking.class, Map.of("tlp", Tlp.RED));
        assertEquals(HandlingMarking.of(Tlp.RED), marking);
    }
}
