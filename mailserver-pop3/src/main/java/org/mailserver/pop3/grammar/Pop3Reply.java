package org.mailserver.pop3.grammar;

import java.util.List;

/**
 * One server response: a status line ({@code +OK}, {@code -ERR} or a SASL continuation {@code +})
 * and, for multi-line responses (RFC 1939 3), the lines of the body, which {@link #encode()} byte-stuffs
 * and terminates with a lone dot.
 *
 * @param status what the status line starts with
 * @param code an extended response code (RFC 2449 8), or null
 * @param text the rest of the status line, may be empty
 * @param lines the body of a multi-line response, or null for a single-line one
 */
public record Pop3Reply(Status status, ResponseCode code, String text, List<String> lines) {

    /** The first token of a response line. */
    public enum Status {
        OK("+OK"), ERR("-ERR"), CONTINUE("+");

        private final String token;

        Status(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    public Pop3Reply {
        lines = lines == null ? null : List.copyOf(lines);
    }

    public static Pop3Reply ok(String text) {
        return new Pop3Reply(Status.OK, null, text, null);
    }

    public static Pop3Reply ok(String text, List<String> lines) {
        return new Pop3Reply(Status.OK, null, text, lines);
    }

    public static Pop3Reply err(String text) {
        return new Pop3Reply(Status.ERR, null, text, null);
    }

    public static Pop3Reply err(ResponseCode code, String text) {
        return new Pop3Reply(Status.ERR, code, text, null);
    }

    /** A SASL continuation (RFC 5034 4): {@code + } and the base64 challenge, possibly empty. */
    public static Pop3Reply challenge(String base64) {
        return new Pop3Reply(Status.CONTINUE, null, base64, null);
    }

    public boolean isOk() {
        return status == Status.OK;
    }

    /** The response as sent, CRLF line ends, multi-line bodies byte-stuffed and terminated. */
    public String encode() {
        StringBuilder b = new StringBuilder(status.token());
        if (code != null) {
            b.append(" [").append(code.text()).append(']');
        }
        // RFC 5034 4: a continuation is "+" SP challenge, even when the challenge is empty.
        if (!text.isEmpty() || status == Status.CONTINUE) {
            b.append(' ').append(text);
        }
        b.append("\r\n");
        if (lines != null) {
            for (String line : lines) {
                if (line.startsWith(".")) {
                    b.append('.'); // RFC 1939 3: byte-stuffing
                }
                b.append(line).append("\r\n");
            }
            b.append(".\r\n");
        }
        return b.toString();
    }
}
