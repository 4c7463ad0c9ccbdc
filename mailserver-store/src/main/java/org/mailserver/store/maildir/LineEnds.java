package org.mailserver.store.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the bare LFs (an LF not preceded by CR) in a stream fed in chunks: each becomes CRLF when
 * the message is served, so the size clients see (Dovecot's virtual size, {@code W=}) is the file
 * size plus this count. Files written by other software (Dovecot, Courier, procmail) often use
 * bare LF line ends.
 */
final class LineEnds {

    private boolean previousCr;
    private long bareLineFeeds;

    void update(byte[] bytes, int offset, int length) {
        boolean cr = previousCr;
        long bare = bareLineFeeds;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte c = bytes[i];
            if (c == '\n' && !cr) {
                bare++;
            }
            cr = c == '\r';
        }
        previousCr = cr;
        bareLineFeeds = bare;
    }

    long bareLineFeeds() {
        return bareLineFeeds;
    }

    /** The size of a file once every bare LF is served as CRLF; reads it through once. */
    static long virtualSize(Path file) throws IOException {
        LineEnds counter = new LineEnds();
        long size = 0;
        byte[] buffer = new byte[MessageWriter.BUFFER_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                counter.update(buffer, 0, n);
                size += n;
            }
        }
        return size + counter.bareLineFeeds();
    }
}
