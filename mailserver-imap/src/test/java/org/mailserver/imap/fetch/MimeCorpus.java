package org.mailserver.imap.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The test messages under {@code src/test/resources/mime/}, kept with LF line ends and served with CRLF. */
final class MimeCorpus {

    private MimeCorpus() {
    }

    /** The message as a store serves it: every line end CRLF. */
    static byte[] message(String name) {
        return crlf(resource(name + ".eml"));
    }

    static String resource(String path) {
        try (InputStream in = MimeCorpus.class.getResourceAsStream("/mime/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource mime/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A stream that hands out one octet per read, as a slow network or pipe might. */
    static InputStream oneByteAtATime(byte[] content) {
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                return position < content.length ? content[position++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int c = read();
                if (c < 0) {
                    return -1;
                }
                b[off] = (byte) c;
                return 1;
            }
        };
    }
}
