package org.liaison.api.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {

    private static BoundedInputStream over(int bytes, long documentLimit, long recordLimit) {
        return new BoundedInputStream(new ByteArrayInputStream(new byte[bytes]), documentLimit, recordLimit, "notice");
    }

    @Test
    void readsAWholeDocumentWithinItsLimitsAndSaysWhenItEnded() throws IOException {
        try (BoundedInputStream in = over(100, 100, 100)) {
            assertEquals(100, in.readAllBytes().length);
            assertTrue(in.ended());
            assertEquals(100, in.count());
        }
    }

    @Test
    void aRecordOverItsLimitIsRefusedNamingTheRecord() throws IOException {
        try (BoundedInputStream in = over(100, 1000, 10)) {
            in.readNBytes(10);
            in.startRecord();
            in.readNBytes(10);
            BoundedInputStream.LimitExceededException e = assertThrows(BoundedInputStream.LimitExceededException.class,
                    () -> in.readNBytes(5));
            assertFalse(e.wholeDocument());
            assertEquals("more than the limit of 10 bytes for one notice", e.getMessage());
        }
    }

    @Test
    void aDocumentOverItsLimitIsRefused() throws IOException {
        try (BoundedInputStream in = over(100, 50, 1000)) {
            BoundedInputStream.LimitExceededException e = assertThrows(BoundedInputStream.LimitExceededException.class,
                    in::readAllBytes);
            assertTrue(e.wholeDocument());
            assertEquals("more than the limit of 50 bytes for one document", e.getMessage());
        }
    }
}
