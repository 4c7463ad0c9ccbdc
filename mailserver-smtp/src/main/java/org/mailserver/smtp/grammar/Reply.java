package org.mailserver.smtp.grammar;

import java.util.List;

/**
 * One SMTP/LMTP reply (RFC 5321 4.2): a three-digit code, an enhanced status code (RFC 2034) and
 * one or more lines of text. Encoded by {@link ReplyFormatter}, multi-line when it has several lines.
 *
 * @param code the reply code, 200-599
 * @param status the enhanced status; its class must match the code's first digit (2, 4 or 5);
 *     null only for the greeting and EHLO/LHLO replies, which RFC 2034 exempts
 * @param lines the text lines, without CRLF, never empty
 */
public record Reply(int code, EnhancedStatus status, List<String> lines) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        if (status != null && code / 100 != status.statusClass() && code / 100 != 3) {
            throw new IllegalArgumentException("status " + status + " does not match code " + code);
        }
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '\r' || line.charAt(i) == '\n') {
                    throw new IllegalArgumentException("CR or LF in reply text");
                }
            }
        }
    }

    public static Reply of(int code, EnhancedStatus status, String text) {
        return new Reply(code, status, List.of(text));
    }

    /** 2xx and 3xx. */
    public boolean isPositive() {
        return code < 400;
    }

    /** 4xx. */
    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /** 5xx. */
    public boolean isPermanent() {
        return code >= 500;
    }

    /** The first line with its codes, as logs show it: {@code 550 5.1.1 <x@y>: unknown user}. */
    public String summary() {
        return code + (status == null ? "" : " " + status) + " " + lines.get(0);
    }
}
