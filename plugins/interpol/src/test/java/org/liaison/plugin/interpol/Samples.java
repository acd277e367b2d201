package org.liaison.plugin.interpol;

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

    static final String REAL_PAGE = "interpol_red_list_page1_2021-12-11.json";
    static final String DETAIL = "constructed_red_notice_detail.json";
    static final String PAGE_2 = "constructed_red_list_page2.json";
    static final String PAGE_3 = "constructed_red_list_page3.json";

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

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static Payload payload(String name, String json) {
        return Payload.ofBytes("interpol", name, json.getBytes(StandardCharsets.UTF_8));
    }

    static Payload resourcePayload(String resource) {
        return Payload.ofBytes("interpol", resource, bytes(resource));
    }

    static Decoded decode(PartnerFormat format, Payload payload) throws FormatException {
        return Decoded.decode(format, payload);
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
