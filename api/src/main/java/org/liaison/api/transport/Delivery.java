package org.liaison.api.transport;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

import org.liaison.api.model.HandlingMarking;

/**
 * One exchange, encoded for one recipient, ready for its {@link ExchangeChannel}.
 *
 * <p>The core builds deliveries; channels read them. The same (exchange, recipient) pair always has the same
 * {@link #idempotencyKey() idempotency key}, however often it is retried or replayed.
 */
public final class Delivery {

    private final String exchangeId;
    private final String recipient;
    private final String idempotencyKey;
    private final String format;
    private final String fileName;
    private final byte[] content;
    private final HandlingMarking marking;

    private Delivery(Builder builder) {
        this.exchangeId = require(builder.exchangeId, "exchangeId");
        this.recipient = require(builder.recipient, "recipient");
        this.idempotencyKey = require(builder.idempotencyKey, "idempotencyKey");
        this.format = require(builder.format, "format");
        this.fileName = require(builder.fileName, "fileName");
        if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("delivery " + idempotencyKey + ": fileName '" + fileName
                    + "' must be a plain file name, without a path separator or a leading dot");
        }
        this.content = Objects.requireNonNull(builder.content, "delivery " + idempotencyKey + ": content");
        this.marking = builder.marking;
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("delivery: field '" + field + "' must not be blank");
        }
        return value;
    }

    /** A builder for the core; channels do not need one. */
    public static Builder builder() {
        return new Builder();
    }

    /** The id of the exchange this delivery carries. */
    public String exchangeId() {
        return exchangeId;
    }

    /** The id of the partner receiving it. */
    public String recipient() {
        return recipient;
    }

    /**
     * The key that is the same for every attempt at delivering this exchange to this recipient. Safe to use in a
     * file name or an HTTP header: letters, digits, '-', '_' and '.' only.
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The id of the partner format the content is encoded in, for example {@code canonical-json}. */
    public String format() {
        return format;
    }

    /**
     * A file name for the content, made of the idempotency key and the format's file extension. A channel that
     * writes files uses it as is, so that a repeated delivery overwrites rather than duplicates.
     */
    public String fileName() {
        return fileName;
    }

    /**
     * The handling marking of the content: the most restrictive marking of the records it holds. Present when the
     * recipient's format has no place of its own for markings, so the records were encoded without them: the
     * channel must then pass the marking on beside the content (a header, a sidecar file), because the marking
     * travels with every record.
     */
    public Optional<HandlingMarking> marking() {
        return Optional.ofNullable(marking);
    }

    /** The size of the content in bytes. */
    public int size() {
        return content.length;
    }

    /** Opens the content; each call returns a new stream. */
    public InputStream open() {
        return new ByteArrayInputStream(content);
    }

    /** A copy of the content. */
    public byte[] content() {
        return content.clone();
    }

    @Override
    public String toString() {
        return "Delivery[" + idempotencyKey + " to " + recipient + ", " + format + ", " + content.length + " bytes]";
    }

    /** Builds a {@link Delivery}; every field but the marking is required. */
    public static final class Builder {
        private String exchangeId;
        private String recipient;
        private String idempotencyKey;
        private String format;
        private String fileName;
        private byte[] content;
        private HandlingMarking marking;

        private Builder() {
        }

        /** Sets the marking the channel passes on beside the content; optional. */
        public Builder marking(HandlingMarking marking) {
            this.marking = marking;
            return this;
        }

        /** Sets the exchange id. */
        public Builder exchangeId(String exchangeId) {
            this.exchangeId = exchangeId;
            return this;
        }

        /** Sets the recipient partner id. */
        public Builder recipient(String recipient) {
            this.recipient = recipient;
            return this;
        }

        /** Sets the idempotency key. */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /** Sets the format id. */
        public Builder format(String format) {
            this.format = format;
            return this;
        }

        /** Sets the file name. */
        public Builder fileName(String fileName) {
            this.fileName = fileName;
            return this;
        }

        /** Sets the content; the array is copied. */
        public Builder content(byte[] content) {
            this.content = content == null ? null : content.clone();
            return this;
        }

        /**
         * Builds the delivery.
         *
         * @throws IllegalArgumentException naming the first missing or invalid field
         */
        public Delivery build() {
            return new Delivery(this);
        }
    }
}
