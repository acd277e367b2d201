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
import com.google.gson.stream.JsonWriter;

/**
 * Reads every model type that has a nested {@code Builder} through that builder, so that decoded values pass the
 * same validation as values a plugin builds in code. Model classes and their builders share field names, which is
 * what lets gson fill a builder from the JSON of the class. Writing uses the class's own fields.
 */
final class BuilderTypeAdapterFactory implements TypeAdapterFactory {

    private static final String MODEL_PACKAGES = "org.liaison.api.";

    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<? super T> raw = type.getRawType();
        if (!raw.getName().startsWith(MODEL_PACKAGES) || raw.isEnum() || raw.isInterface()) {
            return null;
        }
        Class<?> builderType = builderOf(raw);
        if (builderType == null) {
            return null;
        }
        Method build;
        try {
            build = builderType.getMethod("build");
        } catch (NoSuchMethodException e) {
            return null;
        }
        TypeAdapter<T> writer = gson.getDelegateAdapter(this, type);
        TypeAdapter<?> reader = gson.getAdapter(builderType);
        return new TypeAdapter<T>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                writer.write(out, value);
            }

            @Override
            public T read(JsonReader in) throws IOException {
                Object builder = reader.read(in);
                if (builder == null) {
                    return null;
                }
                try {
                    @SuppressWarnings("unchecked")
                    T value = (T) build.invoke(builder);
                    return value;
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    throw new JsonParseException(cause.getMessage(), cause);
                } catch (IllegalAccessException e) {
                    throw new JsonParseException("cannot build " + raw.getSimpleName() + ": " + e, e);
                }
            }
        };
    }

    private static Class<?> builderOf(Class<?> type) {
        for (Class<?> nested : type.getDeclaredClasses()) {
            if (nested.getSimpleName().equals("Builder")) {
                return nested;
            }
        }
        return null;
    }
}
