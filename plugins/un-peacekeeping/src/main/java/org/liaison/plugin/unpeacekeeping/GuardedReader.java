package org.liaison.plugin.unpeacekeeping;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads an export's bytes as UTF-8 and bounds what the CSV parser can be made to hold: the whole document in
 * bytes, and the characters of one row (the parser keeps a row in memory until it is complete, so an
 * unterminated quote would otherwise pull the rest of the file into one field).
 */
final class GuardedReader extends Reader {

    /** A limit of this reader was exceeded; the message says which. */
    static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String message) {
            super(message);
        }
    }

    private final Reader decoded;
    private final long maxRowChars;
    private long rowChars;
    private int lastChar = -1;

    GuardedReader(InputStream in, long maxBytes, long maxRowChars) {
        // Bytes that are not UTF-8 become U+FFFD, which the decoder reports row by row: the decoder reads ahead,
        // so failing here could not say which row is at fault, and would lose the good rows.
        this.decoded = new InputStreamReader(new CountingStream(in, maxBytes), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.maxRowChars = maxRowChars;
    }

    /** Called when the parser has handed over a row: the next row's characters are counted from here. */
    void rowDone() {
        rowChars = 0;
    }

    /** Whether the last character read was a line break (a complete file ends with one). */
    boolean endedWithLineBreak() {
        return lastChar == '\n' || lastChar == '\r';
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int count = decoded.read(buffer, offset, length);
        if (count > 0) {
            lastChar = buffer[offset + count - 1];
            rowChars += count;
            // Characters the parser read ahead before rowDone() are not counted, so this only under-counts.
            if (rowChars > maxRowChars) {
                throw new LimitExceeded("a row longer than " + maxRowChars + " characters");
            }
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        decoded.close();
    }

    private static final class CountingStream extends FilterInputStream {
        private final long limit;
        private long count;

        CountingStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws LimitExceeded {
            count += n;
            if (count > limit) {
                throw new LimitExceeded("more than the limit of " + limit + " bytes");
            }
        }
    }
}
