package org.liaison.core.internal.agreement;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.liaison.api.model.HandlingMarking;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.Person;
import org.liaison.api.record.RecordType;

/**
 * Prepares a record for delivery to one recipient: removes the fields the covering agreements exclude
 * ({@code person.distinguishingMarks}) wherever a record of that type appears (a person's marks are removed from a
 * person record and from the subject of a notice alike), and gives a record without a handling marking of its own
 * the exchange's marking, so that the marking travels with every record.
 *
 * <p>Records are immutable, so a filtered record is a copy built through the record's own builder (model classes
 * and their builders share field names, which is what makes the generic copy possible), and passes the same
 * validation as any record.
 */
final class RecordForDelivery {

    /** A prepared record and the fields actually removed from it ({@code type.field}, only non-empty ones). */
    record Prepared(DataRecord record, Set<String> removed) {
    }

    private RecordForDelivery() {
    }

    /**
     * Removes the excluded fields and marks the record.
     *
     * @param record   the record
     * @param excluded field names to remove, by the record type that declares them
     * @param marking  the exchange's marking, given to the record when it has none of its own
     * @return the record, untouched when nothing changed
     * @throws IllegalArgumentException when a removed field is one the record cannot do without
     */
    static Prepared prepare(DataRecord record, Map<RecordType, Set<String>> excluded, HandlingMarking marking) {
        Set<String> removed = new TreeSet<>();
        DataRecord copy = (DataRecord) rebuild(record, excluded, removed,
                record.marking().isEmpty() ? marking : null);
        return new Prepared(copy, removed);
    }

    /**
     * How to copy one model class: its instance fields, its builder's fields of the same names, and the methods to
     * get a builder, set a marking and build. Looked up once per class; records are copied per delivery.
     */
    private record Shape(Method toBuilder, Method build, Method marking, List<Field> fields,
            Map<String, Field> builderFields) {

        private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
            @Override
            protected Shape computeValue(Class<?> type) {
                try {
                    Method toBuilder = type.getMethod("toBuilder");
                    Class<?> builderType = toBuilder.getReturnType();
                    Method marking = DataRecord.class.isAssignableFrom(type)
                            ? builderType.getMethod("marking", HandlingMarking.class) : null;
                    List<Field> fields = new ArrayList<>();
                    Map<String, Field> builderFields = new HashMap<>();
                    for (Field field : type.getDeclaredFields()) {
                        if (Modifier.isStatic(field.getModifiers())) {
                            continue;
                        }
                        field.setAccessible(true);
                        fields.add(field);
                        Field target = builderType.getDeclaredField(field.getName());
                        target.setAccessible(true);
                        builderFields.put(field.getName(), target);
                    }
                    return new Shape(toBuilder, builderType.getMethod("build"), marking, List.copyOf(fields),
                            Map.copyOf(builderFields));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot copy model class " + type.getName() + ": " + e, e);
                }
            }
        };

        static Shape of(Class<?> type) {
            return SHAPES.get(type);
        }
    }

    /**
     * Copies a model object without its excluded fields (nested persons and organisations too) and, when a marking
     * is given, with that marking; returns the object itself when nothing changes.
     */
    private static Object rebuild(Object value, Map<RecordType, Set<String>> excluded, Set<String> removed,
            HandlingMarking marking) {
        RecordType type = typeOf(value);
        if (type == null || excluded.isEmpty() && marking == null) {
            return value;
        }
        Shape shape = Shape.of(value.getClass());
        Set<String> excludedHere = excluded.getOrDefault(type, Set.of());
        try {
            Map<Field, Object> replacements = null;
            if (!excluded.isEmpty()) {
                for (Field field : shape.fields()) {
                    Object current = field.get(value);
                    Object replacement;
                    if (excludedHere.contains(field.getName())) {
                        replacement = emptyLike(current);
                        if (!isEmpty(current)) {
                            removed.add(type.id() + "." + field.getName());
                        }
                    } else {
                        replacement = filterNested(current, excluded, removed);
                    }
                    if (replacement != current) {
                        if (replacements == null) {
                            replacements = new HashMap<>();
                        }
                        replacements.put(shape.builderFields().get(field.getName()), replacement);
                    }
                }
            }
            if (replacements == null && marking == null) {
                return value;
            }
            Object builder = shape.toBuilder().invoke(value);
            if (replacements != null) {
                for (Map.Entry<Field, Object> replacement : replacements.entrySet()) {
                    replacement.getKey().set(builder, replacement.getValue());
                }
            }
            if (marking != null && shape.marking() != null) {
                shape.marking().invoke(builder, marking);
            }
            return shape.build().invoke(builder);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException("removing excluded fields from " + type.id() + " record: "
                    + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy a " + type.id() + " record without its excluded fields: "
                    + e, e);
        }
    }

    private static Object filterNested(Object current, Map<RecordType, Set<String>> excluded, Set<String> removed) {
        if (current instanceof Person || current instanceof Organisation) {
            return rebuild(current, excluded, removed, null);
        }
        if (current instanceof List<?> list && list.stream().anyMatch(e -> e instanceof Person
                || e instanceof Organisation)) {
            List<Object> filtered = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object element : list) {
                Object copy = rebuild(element, excluded, removed, null);
                changed |= copy != element;
                filtered.add(copy);
            }
            return changed ? filtered : current;
        }
        return current;
    }

    private static RecordType typeOf(Object value) {
        if (value instanceof DataRecord record) {
            return record.type();
        }
        return null;
    }

    private static Object emptyLike(Object current) {
        if (current instanceof Set<?>) {
            return Set.of();
        }
        if (current instanceof List<?>) {
            return List.of();
        }
        if (current instanceof Map<?, ?>) {
            return Map.of();
        }
        return null;
    }

    private static boolean isEmpty(Object value) {
        return value == null || value instanceof Collection<?> collection && collection.isEmpty()
                || value instanceof Map<?, ?> map && map.isEmpty() || value instanceof Optional<?> optional
                        && optional.isEmpty();
    }
}
