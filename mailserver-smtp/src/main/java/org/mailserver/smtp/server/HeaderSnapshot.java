package org.mailserver.smtp.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.mailserver.core.delivery.MessageSource;

/**
 * The first value of each top-level header field of a message, unfolded and without control
 * characters, read with Mime4j's streaming parser up to the end of the header only (the body is
 * never read). At most {@link #MAX_HEADER} octets are read: a header that does not end within them
 * is refused with an {@link IOException} (its fields may hide a List-Id or Auto-Submitted, so no
 * answer goes to it), and Mime4j only ever sees those octets, from memory. Of them at most
 * {@link #MAX_FIELDS} fields and {@link #MAX_VALUE} characters per value are kept, so a hostile
 * header cannot grow the heap. Blocks (file I/O): call it off the event loop.
 */
final class HeaderSnapshot {
    static final int MAX_FIELDS = 500;
    static final int MAX_VALUE = 998;
    /** Far above any header a person's mail client writes; a whole message read as one field is not. */
    static final int MAX_HEADER = 256 * 1024;

    private final Map<String, String> fields;

    private HeaderSnapshot(Map<String, String> fields) {
        this.fields = fields;
    }

    static HeaderSnapshot read(MessageSource message) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE);
        byte[] header;
        try (InputStream in = message.open()) {
            header = headerBytes(in);
        }
        try {
            stream.parse(new ByteArrayInputStream(header));
            for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
                if (s == EntityState.T_FIELD && out.size() < MAX_FIELDS) {
                    Field f = stream.getField();
                    out.putIfAbsent(f.getName().toLowerCase(Locale.ROOT), clean(f.getBody()));
                } else if (s == EntityState.T_END_HEADER) {
                    break;
                }
            }
        } catch (MimeException e) {
            throw new IOException("unreadable header: " + e.getMessage(), e);
        } finally {
            stream.stop();
        }
        return new HeaderSnapshot(out);
    }

    /**
     * The octets up to and including the blank line that ends the header (RFC 5322 2.1), or all of a
     * message without one; at most {@link #MAX_HEADER}, else an {@link IOException}.
     */
    private static byte[] headerBytes(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        byte[] buf = new byte[8192];
        int state = 1; // 1: at a line start (the message starts with one); a line end there ends the header
        while (out.size() < MAX_HEADER) {
            int n = in.read(buf, 0, Math.min(buf.length, MAX_HEADER - out.size()));
            if (n < 0) {
                return out.toByteArray();
            }
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    if (state == 1) {
                        out.write(buf, 0, i + 1);
                        return out.toByteArray();
                    }
                    state = 1;
                } else if (b != '\r') {
                    state = 0;
                }
            }
            out.write(buf, 0, n);
        }
        if (in.read() < 0) {
            return out.toByteArray(); // the message was exactly this long
        }
        throw new IOException("header longer than " + MAX_HEADER + " octets");
    }

    /** The value of {@code name} (case-insensitive), or null. */
    String get(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    private static String clean(String value) {
        StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_VALUE));
        for (int i = 0; i < value.length() && b.length() < MAX_VALUE; i++) {
            char c = value.charAt(i);
            if (c == '\t') {
                b.append(' ');
            } else if (!Character.isISOControl(c)) {
                b.append(c); // CR and LF of folded lines go: RFC 5322 2.2.3 unfolding
            }
        }
        return b.toString().strip();
    }
}
