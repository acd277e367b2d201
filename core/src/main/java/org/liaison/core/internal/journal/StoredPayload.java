package org.liaison.core.internal.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * A payload the journal holds, as a data source handed it in.
 *
 * @param id         the journal's id, given by {@link Journal#receive}
 * @param partner    the partner whose data source brought it
 * @param name       the name the source gave it (for the folder source, the file name)
 * @param sha256     the SHA-256 of the content, lower-case hex
 * @param receivedAt when the journal committed it
 * @param content    the bytes as received; not copied, do not modify
 */
public record StoredPayload(long id, String partner, String name, String sha256, Instant receivedAt,
        byte[] content) {

    public StoredPayload {
        Objects.requireNonNull(partner, "partner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(content, "content");
    }
}
