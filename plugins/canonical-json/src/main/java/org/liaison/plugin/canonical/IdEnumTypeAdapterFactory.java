package org.liaison.plugin.canonical;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * Writes model enums by their stable {@code id()} (for example {@code TLP:AMBER}, {@code information-exchange})
 * and reads them with their {@code fromId(String)}, so that the canonical JSON uses the same names as the
 * configuration files rather than Java constant names.
 */
final class IdEnumTypeAdapterFactory implements TypeAdapterFactory {

    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<? super T> raw = type.getRawType();
        if (!raw.isEnum() || !raw.getName().startsWith("org.liaison.api.")) {
            return null;
        }
        Method id;
        Method fromId;
        try {
            id = raw.getMethod("id");
            fromId = raw.getMethod("fromId", String.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
        return new TypeAdapter<T>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                if (value == null) {
                    out.nullValue();
                    return;
                }
                out.value((String) invoke(id, value));
            }

            @Override
            public T read(JsonReader in) throws IOException {
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    return null;
                }
                @SuppressWarnings("unchecked")
                T value = (T) invoke(fromId, null, in.nextString());
                return value;
            }
        };
    }

    private static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw new JsonParseException(e.getCause().getMessage(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new JsonParseException(e);
        }
    }
}
