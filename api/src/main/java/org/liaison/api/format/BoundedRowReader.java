package org.liaison.api.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a text table (CSV and the like) as UTF-8 and bounds what a row-by-row parser can be made to hold: the whole
 * document in bytes, and the characters of one row, since a parser keeps a row in memory until it is complete, and
 * an unterminated quote would otherwise pull the rest of the file into one field. A limit passed makes the read
 * throw {@link BoundedInputStream.LimitExceededException}.
 *
 * <p>Bytes that are not UTF-8 become U+FFFD instead of failing the read: the decoder reads ahead, so failing here
 * could not say which row is at fault and would lose the good rows; the format reports the row that holds them.
 */
public final class BoundedRowReader extends Reader {

    private final Reader decoded;
    private final long maxRowChars;
    private long rowChars;
    private int lastChar = -1;

    /**
     * @param in          the content
     * @param maxBytes    the most bytes the whole document may have
     * @param maxRowChars the most characters one row may have
     */
    public BoundedRowReader(InputStream in, long maxBytes, long maxRowChars) {
        this.decoded = new InputStreamReader(new BoundedInputStream(in, maxBytes, Long.MAX_VALUE, "document"),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.maxRowChars = maxRowChars;
    }

    /** Called when the parser has handed over a row: the next row's characters are counted from here. */
    public void rowDone() {
        rowChars = 0;
    }

    /** Whether the last character read was a line break (a complete file ends with one). */
    public boolean endedWithLineBreak() {
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
                throw new BoundedInputStream.LimitExceededException(false,
                        "a row longer than " + maxRowChars + " characters");
            }
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        decoded.close();
    }
}
