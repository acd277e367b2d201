package org.liaison.plugin.stix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.UUID;
import java.util.regex.Pattern;

/** STIX identifiers and timestamps. */
final class StixIds {

    /**
     * The namespace STIX 2.1 gives for deterministic (UUIDv5) identifiers (section 2.9); this format uses it for the
     * bundle id and the marking definitions of handling codes too.
     */
    static final UUID STIX_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

    private static final Pattern IDENTIFIER = Pattern.compile(
            "([a-z0-9][a-z0-9-]*[a-z0-9]|[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
                    + "-[0-9a-fA-F]{12}");

    /** At least milliseconds, as STIX requires for {@code created} and {@code modified}; more digits when given. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 3, 9, true)
            .appendLiteral('Z').toFormatter().withZone(ZoneOffset.UTC);

    private StixIds() {
    }

    /** Whether {@code id} is a STIX identifier {@code <type>--<UUID>}; with a type, of that type. */
    static boolean isIdentifier(String id, String type) {
        if (id == null || !IDENTIFIER.matcher(id).matches()) {
            return false;
        }
        return type == null || id.startsWith(type + "--");
    }

    /** A name-based (version 5, SHA-1) UUID, as RFC 9562 defines it. */
    static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }

    /** A STIX timestamp: UTC, {@code Z}, at least three fractional digits. */
    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /**
     * Reads a STIX timestamp such as {@code 2015-05-15T09:12:16.432Z}.
     *
     * @throws DateTimeParseException when it is not one
     */
    static Instant parseTimestamp(String text) {
        return Instant.parse(text);
    }
}
