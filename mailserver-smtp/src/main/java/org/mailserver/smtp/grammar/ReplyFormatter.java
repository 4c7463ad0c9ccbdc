package org.mailserver.smtp.grammar;

import java.nio.charset.StandardCharsets;

/**
 * Renders a {@link Reply} on the wire (RFC 5321 4.2.1): every line but the last as
 * {@code code-text}, the last as {@code code text}, each CRLF-terminated; the enhanced status code
 * opens every line (RFC 2034 3).
 */
public final class ReplyFormatter {

    private ReplyFormatter() {
    }

    public static String format(Reply reply) {
        StringBuilder b = new StringBuilder(64);
        int n = reply.lines().size();
        for (int i = 0; i < n; i++) {
            b.append(reply.code()).append(i < n - 1 ? '-' : ' ');
            if (reply.status() != null) {
                b.append(reply.status()).append(' ');
            }
            b.append(reply.lines().get(i)).append("\r\n");
        }
        return b.toString();
    }

    /** UTF-8, since replies may echo an RFC 6531 address. */
    public static byte[] bytes(Reply reply) {
        return format(reply).getBytes(StandardCharsets.UTF_8);
    }
}
