package org.liaison.api.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import java.util.regex.Pattern;

/**
 * Raw bytes received from a partner, before any decoding: one file, one HTTP response, one message.
 *
 * <p>A payload knows the partner it came from, a {@link #name() name} that identifies it to people (a file name, a
 * URL) and is used in error messages, and how to {@link #open() open} its content. The content can be opened more
 * than once; it is read lazily, so a payload backed by a large file does not hold it in memory.
 */
public final class Payload {

    /** Opens the content of a payload; each call returns a new stream positioned at the first byte. */
    @FunctionalInterface
    public interface Content {
        /**
         * Opens a new stream over the whole content.
         *
         * @throws IOException when the content cannot be read
         */
        InputStream open() throws IOException;
    }

    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final String partner;
    private final String name;
    private final long size;
    private final Content content;

    private Payload(String partner, String name, long size, Content content) {
        if (partner == null || !PARTNER_ID.matcher(partner).matches()) {
            throw new IllegalArgumentException("payload '" + name + "': partner id '" + partner
                    + "' must match " + PARTNER_ID);
        }
        this.partner = partner;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("payload from partner '" + partner + "': name must not be blank");
        }
        this.name = name;
        this.size = size;
        this.content = Objects.requireNonNull(content, "content");
    }

    /**
     * A payload held in memory.
     *
     * @param partner the id of the partner the bytes come from
     * @param name    a name for people and error messages, such as the original file name
     * @param bytes   the content; the array is not copied and must not be changed afterwards
     */
    public static Payload ofBytes(String partner, String name, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Payload(partner, name, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    /**
     * A payload backed by a file, read when it is opened. Its {@link #name() name} is the file name.
     *
     * @throws IOException when the file's size cannot be read
     */
    public static Payload ofFile(String partner, Path file) throws IOException {
        return new Payload(partner, String.valueOf(file.getFileName()), Files.size(file),
                () -> Files.newInputStream(file));
    }

    /** The id of the partner the payload comes from. */
    public String partner() {
        return partner;
    }

    /** The payload's name: a file name or a URL, used in error messages and quarantine. */
    public String name() {
        return name;
    }

    /** The size of the content in bytes. */
    public long size() {
        return size;
    }

    /**
     * Opens the content. Callers close the stream.
     *
     * @throws IOException when the content cannot be read
     */
    public InputStream open() throws IOException {
        return content.open();
    }

    /**
     * Reads the whole content into memory, refusing content larger than {@code limit} bytes.
     *
     * @throws IOException when the content cannot be read or is larger than the limit
     */
    public byte[] readAllBytes(long limit) throws IOException {
        if (size > limit) {
            throw new IOException(name + ": " + size + " bytes, more than the limit of " + limit + " bytes");
        }
        try (InputStream in = open()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new IOException(name + ": more than the limit of " + limit + " bytes");
            }
            return bytes;
        }
    }

    @Override
    public String toString() {
        return "Payload[" + partner + ": " + name + ", " + size + " bytes]";
    }
}
