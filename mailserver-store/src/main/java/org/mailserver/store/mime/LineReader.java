package org.mailserver.store.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a message line by line and says where each line lies: its offset, its length, its line end
 * (CRLF, a bare LF, or none at the end of the input) and how many LFs came before it. Only the
 * first {@code headCap} octets of a line are kept (in {@link #head}); the rest is counted and
 * skipped, so a line of any length takes bounded memory.
 *
 * <p>Not thread-safe; one reader per parse.
 */
final class LineReader {

    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    /** Offset in the message of {@code buffer[0]}. */
    private long bufferOffset;
    private boolean eof;

    /** The first octets of the current line, without its line end. */
    final byte[] head;
    private int headLength;
    private long lineStart;
    private long lineLength;
    private int eolLength;
    private int precedingEol;
    private long linesBefore;
    private long linesThrough;

    LineReader(InputStream in, int maxHead) {
        this.in = in;
        this.head = new byte[maxHead];
    }

    /**
     * Reads the next line, keeping at most {@code headCap} of its first octets.
     *
     * @return false at the end of the input (no octet left)
     */
    boolean next(int headCap) throws IOException {
        int cap = Math.min(headCap, head.length);
        precedingEol = eolLength;
        linesBefore = linesThrough;
        lineStart = offset();
        long length = 0;
        int kept = 0;
        boolean lastCr = false;
        while (true) {
            if (position == limit && !fill()) {
                if (length == 0) {
                    eolLength = 0;
                    headLength = 0;
                    lineLength = 0;
                    return false;
                }
                eolLength = 0; // an unterminated last line
                headLength = kept;
                lineLength = length;
                return true;
            }
            byte[] b = buffer;
            int p = position;
            int end = limit;
            while (p < end) {
                byte c = b[p++];
                if (c == '\n') {
                    position = p;
                    linesThrough++;
                    if (lastCr) {
                        eolLength = 2;
                        lineLength = length - 1;
                        headLength = (int) Math.min(kept, lineLength);
                    } else {
                        eolLength = 1;
                        lineLength = length;
                        headLength = kept;
                    }
                    return true;
                }
                if (kept < cap) {
                    head[kept++] = c;
                }
                length++;
                lastCr = c == '\r';
            }
            position = p;
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        bufferOffset += limit;
        position = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit = n;
        return true;
    }

    /** The offset of the next octet to read: the end of the current line. */
    long offset() {
        return bufferOffset + position;
    }

    long lineStart() {
        return lineStart;
    }

    /** The current line's length without its line end. */
    long lineLength() {
        return lineLength;
    }

    int headLength() {
        return headLength;
    }

    /** 2 for CRLF, 1 for a bare LF, 0 for a last line without one. */
    int eolLength() {
        return eolLength;
    }

    /** The line end length of the line before the current one (0 for the first line). */
    int precedingEol() {
        return precedingEol;
    }

    /** LFs before the current line. */
    long linesBefore() {
        return linesBefore;
    }

    /** LFs up to the end of the current line. */
    long linesThrough() {
        return linesThrough;
    }
}
