package org.mailserver.store.maildir;

import java.io.IOException;
import java.io.InputStream;

/**
 * Serves a stored message with CRLF line ends: a bare LF is read as CRLF, everything else as it is.
 * Used for files whose {@code W=} (virtual size) differs from their physical size, so that what a
 * client reads is exactly {@link org.mailserver.store.MessageInfo#size()} octets.
 */
final class CrlfInputStream extends InputStream {

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private boolean previousCr;
    private boolean lineFeedPending;

    CrlfInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n = 0;
        while (n < length) {
            if (lineFeedPending) {
                out[offset + n++] = '\n';
                lineFeedPending = false;
                continue;
            }
            if (position == limit) {
                if (n > 0) {
                    break; // return what we have rather than block for more
                }
                int read = in.read(buffer, 0, buffer.length);
                if (read < 0) {
                    return -1;
                }
                position = 0;
                limit = read;
                continue;
            }
            byte c = buffer[position++];
            if (c == '\n' && !previousCr) {
                out[offset + n++] = '\r';
                lineFeedPending = true;
                previousCr = false;
                continue;
            }
            out[offset + n++] = c;
            previousCr = c == '\r';
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
