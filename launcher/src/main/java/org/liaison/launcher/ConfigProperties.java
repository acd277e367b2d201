package org.liaison.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Reads {@code conf/config.properties}: Java properties (UTF-8) whose values may refer to other values as
 * {@code ${name}}. A name is looked up first among the launcher's own values ({@code liaison.home}), then in the
 * file, then among the Java system properties. An undefined name is an error rather than an empty string, so
 * that a typo in a path does not silently point Felix somewhere else.
 */
final class ConfigProperties {

    /** A {@code config.properties} that cannot be used; the message names the file and the key. */
    static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }

    private ConfigProperties() {
    }

    /** Loads {@code file} and substitutes every {@code ${name}}; {@code displayName} is used in error messages. */
    static Map<String, String> load(Path file, String displayName, Map<String, String> predefined)
            throws IOException, ConfigException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> raw = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> raw.put(name, properties.getProperty(name)));
        return substitute(raw, predefined, System::getProperty, displayName);
    }

    /**
     * Substitutes {@code ${name}} in every value of {@code raw}. {@code predefined} values win over the file's and
     * are not themselves substituted; {@code fallback} answers names defined nowhere else (or {@code null}).
     */
    static Map<String, String> substitute(Map<String, String> raw, Map<String, String> predefined,
            UnaryOperator<String> fallback, String displayName) throws ConfigException {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            resolved.put(key, resolve(key, raw, predefined, fallback, displayName, new ArrayDeque<>()));
        }
        return resolved;
    }

    private static String resolve(String key, Map<String, String> raw, Map<String, String> predefined,
            UnaryOperator<String> fallback, String displayName, Deque<String> resolving) throws ConfigException {
        if (resolving.contains(key)) {
            resolving.addLast(key);
            throw new ConfigException(displayName + ": " + resolving.getFirst() + " refers to itself through "
                    + String.join(" -> ", resolving));
        }
        String value = raw.get(key);
        StringBuilder result = new StringBuilder(value.length());
        int from = 0;
        while (true) {
            int start = value.indexOf("${", from);
            if (start < 0) {
                break;
            }
            int end = value.indexOf('}', start + 2);
            if (end < 0) {
                throw new ConfigException(displayName + ": " + key + " has '${' without a closing '}': " + value);
            }
            String name = value.substring(start + 2, end);
            result.append(value, from, start).append(lookUp(name, key, raw, predefined, fallback, displayName,
                    resolving));
            from = end + 1;
        }
        return result.append(value, from, value.length()).toString();
    }

    private static String lookUp(String name, String key, Map<String, String> raw, Map<String, String> predefined,
            UnaryOperator<String> fallback, String displayName, Deque<String> resolving) throws ConfigException {
        if (predefined.containsKey(name)) {
            return predefined.get(name);
        }
        if (raw.containsKey(name)) {
            resolving.addLast(key);
            try {
                return resolve(name, raw, predefined, fallback, displayName, resolving);
            } finally {
                resolving.removeLast();
            }
        }
        String value = fallback.apply(name);
        if (value == null) {
            throw new ConfigException(displayName + ": " + key + " refers to ${" + name
                    + "}, which is defined neither in this file nor as a Java system property");
        }
        return value;
    }
}
