package org.liaison.api.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that enforces the two limits every partner format needs: the size of the whole document, and the
 * size of one record (the bytes read since the last {@link #startRecord()}), which bounds what a single record can
 * make a streaming decoder hold. When a limit is passed, the read throws {@link LimitExceededException}; a format
 * turns it into a {@link FormatException} naming the payload.
 *
 * <pre>
 * try (BoundedInputStream in = new BoundedInputStream(payload.open(), 256L &lt;&lt; 20, 4L &lt;&lt; 20, "notice")) {
 *     ... before each record: in.startRecord(); ...
 * } catch (BoundedInputStream.LimitExceededException e) {
 *     throw new FormatException(payload.name() + ": " + e.getMessage(), e);
 * }
 * </pre>
 */
public final class BoundedInputStream extends FilterInputStream {

    /** Thrown by a read that passes a limit. */
    public static final class LimitExceededException extends IOException {

        private static final long serialVersionUID = 1L;

        private final boolean wholeDocument;

        LimitExceededException(boolean wholeDocument, String message) {
            super(message);
            this.wholeDocument = wholeDocument;
        }

        /** True when the document limit was passed, false when the record limit was. */
        public boolean wholeDocument() {
            return wholeDocument;
        }
    }

    private final long documentLimit;
    private final long recordLimit;
    private final String recordName;
    private long count;
    private long recordStart;
    private boolean ended;

    /**
     * @param in            the content
     * @param documentLimit the most bytes the whole document may have
     * @param recordLimit   the most bytes one record may have
     * @param recordName    what a record is called in messages, for example {@code notice} or {@code STIX object}
     */
    public BoundedInputStream(InputStream in, long documentLimit, long recordLimit, String recordName) {
        super(in);
        this.documentLimit = documentLimit;
        this.recordLimit = recordLimit;
        this.recordName = recordName;
    }

    /** Starts counting the bytes of a new record. */
    public void startRecord() {
        recordStart = count;
    }

    /** True once the end of the content has been read. */
    public boolean ended() {
        return ended;
    }

    /** The bytes read so far. */
    public long count() {
        return count;
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

    private void counted(long n) throws LimitExceededException {
        count += n;
        if (count > documentLimit) {
            throw new LimitExceededException(true, "more than the limit of " + documentLimit
                    + " bytes for one document");
        }
        if (count - recordStart > recordLimit) {
            throw new LimitExceededException(false, "more than the limit of " + recordLimit + " bytes for one "
                    + recordName);
        }
    }
}
