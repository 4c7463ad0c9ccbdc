package org.mailserver.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies message content to the DATA stream in blocks, never holding it whole: doubles a dot that
 * starts a line (RFC 5321 4.5.2), makes bare LF and bare CR into CRLF so nothing the server
 * could read as a line end other than CRLF is sent (RFC 5321 2.3.8), and ends with
 * {@code CRLF . CRLF} (4.1.1.4).
 */
final class DotStuffer {
    static final int BLOCK = 64 * 1024;

    private DotStuffer() {
    }

    /**
     * Streams {@code in} to {@code out}; {@code progress} runs after each block written so the
     * caller can restart its data-block timer. Does not flush.
     */
    static void copy(InputStream in, OutputStream out, Runnable progress) throws IOException {
        byte[] buf = new byte[BLOCK];
        byte[] outBuf = new byte[BLOCK * 2 + 2];
        boolean lineStart = true;
        boolean lastCr = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            int o = 0;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (lastCr && b != '\n') {
                    outBuf[o++] = '\n'; // bare CR: complete it
                    lineStart = true;
                }
                if (b == '\n' && !lastCr) {
                    outBuf[o++] = '\r'; // bare LF
                }
                if (lineStart && b == '.') {
                    outBuf[o++] = '.';
                }
                outBuf[o++] = b;
                lastCr = b == '\r';
                lineStart = b == '\n';
            }
            out.write(outBuf, 0, o);
            progress.run();
        }
        if (lastCr) {
            out.write('\n');
        } else if (!lineStart) {
            out.write(new byte[] {'\r', '\n'});
        }
        out.write(new byte[] {'.', '\r', '\n'});
    }
}
