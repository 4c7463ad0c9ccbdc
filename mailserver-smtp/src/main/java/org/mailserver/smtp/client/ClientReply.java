package org.mailserver.smtp.client;

import java.util.List;

/**
 * A reply read from a remote SMTP or LMTP server (RFC 5321 4.2), or one the client made up for a
 * failure on its side (a timeout, a refused connection, a size the server will not take).
 *
 * @param code the three-digit reply code
 * @param status the enhanced status code (RFC 3463) from the first line when the server sent one,
 *     else null
 * @param lines the text of each line, without code, separator and enhanced status
 * @param local true when the client made it up; it then names no remote MTA in a DSN
 */
public record ClientReply(int code, String status, List<String> lines, boolean local) {

    public ClientReply {
        lines = List.copyOf(lines);
    }

    /** A reply made up by the client, e.g. {@code local(451, "4.4.1", "connection refused")}. */
    public static ClientReply local(int code, String status, String text) {
        return new ClientReply(code, status, List.of(text), true);
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    public boolean isPermanent() {
        return code >= 500;
    }

    /** The enhanced status to report: the server's, else the class default (RFC 3463 3.1, x.0.0). */
    public String statusOrDefault() {
        if (status != null) {
            return status;
        }
        return (code >= 500 ? "5" : code >= 400 ? "4" : "2") + ".0.0";
    }

    /** All lines joined, as logs and Diagnostic-Code show them: {@code 550 5.1.1 no such user}. */
    public String summary() {
        StringBuilder b = new StringBuilder().append(code);
        if (status != null) {
            b.append(' ').append(status);
        }
        for (String line : lines) {
            if (!line.isEmpty()) {
                b.append(' ').append(line);
            }
        }
        return b.toString();
    }
}
