package org.liaison.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The entries of a Liaison home's audit trail ({@code data/audit/audit.jsonl}) as a test reads them while
 * Liaison runs: only complete lines (a line is complete once its LF is written; a crash may leave an incomplete
 * last line, which the next start moves aside), read incrementally so that polling a growing trail stays cheap.
 */
final class AuditEntries {

    private final Path file;
    private final List<JsonObject> entries = new ArrayList<>();
    private long offset;

    AuditEntries(Path home) {
        this.file = home.resolve("data/audit/audit.jsonl");
    }

    /** Reads the complete lines appended since the last call; returns every entry read so far, oldest first. */
    synchronized List<JsonObject> read() {
        if (!Files.exists(file)) {
            return List.copyOf(entries);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < offset) {
                throw new AssertionError("the audit trail " + file + " shrank below " + offset
                        + " bytes, which were complete lines: it is " + size + " bytes now");
            }
            if (size == offset) {
                return List.copyOf(entries);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - offset));
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // read until the size seen above
            }
            byte[] bytes = buffer.array();
            int lastLf = -1;
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    lastLf = i;
                    break;
                }
            }
            if (lastLf < 0) {
                return List.copyOf(entries);
            }
            String text = new String(bytes, 0, lastLf, StandardCharsets.UTF_8);
            for (String line : text.split("\n", -1)) {
                entries.add(JsonParser.parseString(line).getAsJsonObject());
            }
            offset += lastLf + 1;
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of one event, oldest first. */
    List<JsonObject> of(String event) {
        return read().stream().filter(entry -> event.equals(string(entry, "event"))).toList();
    }

    /** A member's value as text ("" when absent). */
    static String string(JsonObject entry, String member) {
        JsonElement value = entry.get(member);
        return value == null || value.isJsonNull() ? "" : value.getAsString();
    }

    /** A member's value as a number (-1 when absent). */
    static long number(JsonObject entry, String member) {
        JsonElement value = entry.get(member);
        return value == null || value.isJsonNull() ? -1 : value.getAsLong();
    }
}
