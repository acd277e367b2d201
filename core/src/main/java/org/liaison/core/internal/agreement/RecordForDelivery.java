package org.liaison.core.internal.agreement;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
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
        DataRecord copy = excluded.isEmpty() ? record : (DataRecord) filterObject(record, excluded, removed);
        if (copy.marking().isEmpty()) {
            copy = withMarking(copy, marking);
        }
        return new Prepared(copy, removed);
    }

    private static DataRecord withMarking(DataRecord record, HandlingMarking marking) {
        try {
            Object builder = record.getClass().getMethod("toBuilder").invoke(record);
            builder.getClass().getMethod("marking", HandlingMarking.class).invoke(builder, marking);
            return (DataRecord) builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot mark a " + record.type().id() + " record: " + e, e);
        }
    }

    private static Object filterObject(Object value, Map<RecordType, Set<String>> excluded, Set<String> removed) {
        RecordType type = typeOf(value);
        if (type == null) {
            return value;
        }
        try {
            Object builder = value.getClass().getMethod("toBuilder").invoke(value);
            boolean changed = false;
            for (Field field : value.getClass().getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object current = field.get(value);
                Object replacement;
                if (excluded.getOrDefault(type, Set.of()).contains(field.getName())) {
                    replacement = emptyLike(current);
                    if (!isEmpty(current)) {
                        removed.add(type.id() + "." + field.getName());
                    }
                } else {
                    replacement = filterNested(current, excluded, removed);
                }
                if (replacement != current) {
                    Field target = builder.getClass().getDeclaredField(field.getName());
                    target.setAccessible(true);
                    target.set(builder, replacement);
                    changed = true;
                }
            }
            if (!changed) {
                return value;
            }
            Method build = builder.getClass().getMethod("build");
            return build.invoke(builder);
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
            return filterObject(current, excluded, removed);
        }
        if (current instanceof List<?> list && list.stream().anyMatch(e -> e instanceof Person
                || e instanceof Organisation)) {
            List<Object> filtered = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object element : list) {
                Object copy = filterObject(element, excluded, removed);
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
