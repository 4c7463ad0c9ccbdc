package org.mailserver.core.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.mailserver.core.delivery.MessageSource;

/** Message sources for filter tests: given bytes, or a large generated message that is never held whole. */
public final class TestMessageSource {
    private TestMessageSource() {
    }

    /** A message of these lines joined by CRLF (LF in the text is turned into CRLF). */
    public static MessageSource of(String text) {
        byte[] b = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        return new MessageSource() {
            @Override
            public long size() {
                return b.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(b);
            }
        };
    }

    /** {@code size} octets of a filler line repeated, generated as read. */
    public static MessageSource filler(long size) {
        byte[] line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        return new MessageSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private long pos;

                    @Override
                    public int read() {
                        return pos < size ? line[(int) (pos++ % line.length)] : -1;
                    }
                };
            }
        };
    }
}
