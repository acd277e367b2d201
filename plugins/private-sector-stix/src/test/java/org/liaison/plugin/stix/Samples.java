package org.liaison.plugin.stix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.transport.Payload;

/** Test samples and helpers. */
final class Samples {

    static final String PARTNER = StixBundleFormat.PARTNER_ID;
    static final String REAL = "poisonivy.json";
    static final String CONFORMANCE = "META-INF/liaison/conformance/" + StixBundleFormat.ID + "/";
    static final String CONSTRUCTED_TLP = CONFORMANCE + "constructed_tlp_bundle.json";
    static final String CONSTRUCTED_GRANULAR = CONFORMANCE + "constructed_granular_bundle.json";

    private Samples() {
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

    static Payload payload(String name, String json) {
        return Payload.ofBytes(PARTNER, name, json.getBytes(StandardCharsets.UTF_8));
    }

    static Payload resourcePayload(String resource) {
        return Payload.ofBytes(PARTNER, resource, bytes(resource));
    }

    static Decoded decode(PartnerFormat format, Payload payload) throws FormatException {
        return Decoded.decode(format, payload);
    }

    /** A constructed bundle holding the given objects (JSON texts). */
    static Payload bundle(String name, String... objects) {
        return payload(name, "{\"type\": \"bundle\", \"id\": \"bundle--0c0e1b52-7d0a-4c57-9f52-00000000ffff\","
                + " \"objects\": [" + String.join(",\n", objects) + "]}");
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
