package org.liaison.plugin.transparency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.transport.Payload;

/** Test samples and helpers. */
final class Samples {

    static final String REAL = "fermcat.json";
    static final String OLDER = "constructed_bods_0_2_statements.json";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T10:00:00Z"), ZoneOffset.UTC);

    private Samples() {
    }

    static BodsJsonFormat format() {
        return new BodsJsonFormat(BodsJsonFormat.DOCUMENT_LIMIT, BodsJsonFormat.STATEMENT_LIMIT,
                BodsJsonFormat.FIELD_LIMIT, CLOCK);
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static Payload payload(String name, String json) {
        return Payload.ofBytes(BodsJsonFormat.PARTNER_ID, name, json.getBytes(StandardCharsets.UTF_8));
    }

    static Payload resourcePayload(String resource) {
        return Payload.ofBytes(BodsJsonFormat.PARTNER_ID, resource, bytes(resource));
    }

    /** Encodes records, failing the test when any record is left out. */
    static String encode(PartnerFormat format, List<? extends DataRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(records, out);
        if (!errors.isEmpty()) {
            throw new AssertionError("records left out: " + errors);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
