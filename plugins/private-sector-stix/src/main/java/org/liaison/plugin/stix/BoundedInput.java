package org.liaison.plugin.stix;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read and enforces two limits: the whole document's size, and the size of the part read since the
 * last {@link #mark()} (one STIX object), which bounds what one record can make the decoder hold.
 */
final class BoundedInput extends FilterInputStream {

    /** Thrown when a limit is passed; the decoder turns it into a {@code FormatException}. */
    static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean wholeDocument;

        LimitExceeded(boolean wholeDocument, String message) {
            super(message);
            this.wholeDocument = wholeDocument;
        }
    }

    private final long documentLimit;
    private final long recordLimit;
    private long count;
    private long markedAt;
    private boolean ended;

    BoundedInput(InputStream in, long documentLimit, long recordLimit) {
        super(in);
        this.documentLimit = documentLimit;
        this.recordLimit = recordLimit;
    }

    /** Whether the end of the input was reached: a parse error then means the document is truncated. */
    boolean ended() {
        return ended;
    }

    /** Starts counting a new record. */
    void mark() {
        markedAt = count;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: markSupported() is false
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        } else {
            ended = true;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        } else if (n < 0) {
            ended = true;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws LimitExceeded {
        count += n;
        if (count > documentLimit) {
            throw new LimitExceeded(true, "more than the limit of " + documentLimit + " bytes for one document");
        }
        if (count - markedAt > recordLimit) {
            throw new LimitExceeded(false, "more than the limit of " + recordLimit + " bytes for one STIX"
                    + " object");
        }
    }
}
