package org.liaison.api.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BoundedRowReaderTest {

    private static BoundedRowReader over(String text, long maxBytes, long maxRowChars) {
        return new BoundedRowReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxBytes,
                maxRowChars);
    }

    @Test
    void readsRowsWithinTheLimitsAndTellsWhetherTheTextEndedWithALineBreak() throws IOException {
        char[] buffer = new char[4];
        try (BoundedRowReader reader = over("ab\ncd\n", 100, 3)) {
            assertEquals(3, reader.read(buffer, 0, 3));
            reader.rowDone();
            assertEquals(3, reader.read(buffer, 0, 3));
            assertTrue(reader.endedWithLineBreak());
        }
        try (BoundedRowReader reader = over("ab", 100, 3)) {
            reader.read(buffer, 0, 4);
            assertFalse(reader.endedWithLineBreak());
        }
    }

    @Test
    void aRowOverItsLimitIsRefused() throws IOException {
        try (BoundedRowReader reader = over("abcdef", 100, 3)) {
            BoundedInputStream.LimitExceededException e = assertThrows(BoundedInputStream.LimitExceededException.class,
                    () -> reader.read(new char[8], 0, 8));
            assertEquals("a row longer than 3 characters", e.getMessage());
            assertFalse(e.wholeDocument());
        }
    }

    @Test
    void aDocumentOverItsLimitIsRefused() throws IOException {
        try (BoundedRowReader reader = over("abcdef", 3, 100)) {
            BoundedInputStream.LimitExceededException e = assertThrows(BoundedInputStream.LimitExceededException.class,
                    () -> reader.read(new char[8], 0, 8));
            assertTrue(e.wholeDocument());
        }
    }
}
