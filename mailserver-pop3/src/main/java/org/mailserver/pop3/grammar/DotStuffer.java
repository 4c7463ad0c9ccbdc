package org.mailserver.pop3.grammar;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns a stored message into the body of a RETR or TOP response, chunk by chunk, so a message is
 * never held whole in memory (RFC 1939 3 and 7).
 *
 * <ul>
 *   <li>Byte-stuffing: a line starting with {@code .} gets another {@code .} in front.</li>
 *   <li>Line ends: a bare LF (a file written by another program) is sent as CRLF.</li>
 *   <li>TOP: after the header and the empty line that ends it, only {@code bodyLines} lines of the
 *       body are sent; then {@link #write} returns {@code true} and ignores further input.</li>
 *   <li>{@link #finish} ends an unterminated last line with CRLF and appends {@code .CRLF}.</li>
 * </ul>
 *
 * Not thread-safe; one instance per response. It may be driven from any thread, one at a time.
 */
public final class DotStuffer {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    private final long bodyLines;
    private boolean lineStart = true;
    private boolean prevCr;
    private long lineLength;
    private boolean inBody;
    private long bodyLinesSent;
    private boolean done;

    /** For RETR: the whole message. */
    public DotStuffer() {
        this(-1);
    }

    /** For TOP: the header and {@code bodyLines} lines of the body; negative means all. */
    public DotStuffer(long bodyLines) {
        this.bodyLines = bodyLines;
    }

    /** Writes the stuffed form of {@code len} bytes; returns true once TOP has sent all it should. */
    public boolean write(byte[] src, int off, int len, OutputStream out) throws IOException {
        if (done) {
            return true;
        }
        int end = off + len;
        int span = off;
        for (int i = off; i < end; i++) {
            byte c = src[i];
            if (lineStart) {
                lineStart = false;
                if (c == '.') {
                    out.write(src, span, i - span);
                    out.write('.');
                    span = i;
                }
            }
            if (c != '\n') {
                lineLength++;
                prevCr = c == '\r';
                continue;
            }
            if (!prevCr) {
                out.write(src, span, i - span);
                out.write('\r');
                span = i;
            }
            boolean empty = lineLength - (prevCr ? 1 : 0) == 0;
            lineStart = true;
            lineLength = 0;
            prevCr = false;
            if (lineEndsTop(empty)) {
                out.write(src, span, i + 1 - span);
                done = true;
                return true;
            }
        }
        out.write(src, span, end - span);
        return false;
    }

    /** Ends the response: CRLF after an unterminated last line, then the terminating dot line. */
    public void finish(OutputStream out) throws IOException {
        if (!lineStart) {
            if (prevCr) {
                out.write('\n');
            } else {
                out.write(CRLF);
            }
            lineStart = true;
        }
        out.write(TERMINATOR);
        done = true;
    }

    private boolean lineEndsTop(boolean empty) {
        if (bodyLines < 0) {
            return false;
        }
        if (inBody) {
            return ++bodyLinesSent >= bodyLines;
        }
        if (empty) {
            inBody = true;
            return bodyLines == 0;
        }
        return false;
    }
}
