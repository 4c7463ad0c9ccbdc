package org.mailserver.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads replies from a server (RFC 5321 4.2): lines {@code 250-text} continue a reply, the line
 * with a space (or nothing) after the code ends it, all lines carry the same code. Lines are
 * bounded; a reply that breaks the grammar is a {@link ProtocolException}.
 *
 * <p>Not thread-safe: one reader per connection, used by the connection's thread.
 */
final class ReplyReader {
    static final int MAX_LINE = 4096;
    static final int MAX_LINES = 200;
    // RFC 2034 / RFC 3463: class "." subject "." detail, then a space or the end of the line
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?: |$)");

    private final InputStream in;

    ReplyReader(InputStream in) {
        this.in = in;
    }

    /** Blocks until a whole reply arrived (or the socket's read timeout fires). */
    ClientReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        String status = null;
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2))) {
                throw new ProtocolException("malformed reply line: " + printable(line));
            }
            int c = Integer.parseInt(line.substring(0, 3));
            if (c < 200 || c > 599 || (code >= 0 && c != code)) {
                throw new ProtocolException("malformed reply line: " + printable(line));
            }
            code = c;
            boolean last = line.length() == 3 || line.charAt(3) == ' ';
            if (!last && line.charAt(3) != '-') {
                throw new ProtocolException("malformed reply line: " + printable(line));
            }
            String text = line.length() > 4 ? line.substring(4) : "";
            Matcher m = ENHANCED.matcher(text);
            if (m.find() && Integer.parseInt(m.group(1)) == code / 100) {
                if (lines.isEmpty()) {
                    status = m.group(1) + "." + m.group(2) + "." + m.group(3);
                }
                text = text.substring(m.end());
            }
            lines.add(text);
            if (last) {
                return new ClientReply(code, status, lines, false);
            }
            if (lines.size() >= MAX_LINES) {
                throw new ProtocolException("reply of more than " + MAX_LINES + " lines");
            }
        }
    }

    private String readLine() throws IOException {
        byte[] buf = new byte[256];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed by the server");
            }
            if (b == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                return new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            if (n == MAX_LINE) {
                throw new ProtocolException("reply line longer than " + MAX_LINE + " octets");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            buf[n++] = (byte) b;
        }
    }

    private static String printable(String s) {
        return org.mailserver.core.log.MailLog.clean(s);
    }
}
