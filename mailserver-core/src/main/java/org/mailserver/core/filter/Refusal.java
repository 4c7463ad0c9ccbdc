package org.mailserver.core.filter;

/**
 * A filter's refusal: the SMTP reply and what to log and count.
 *
 * @param code 4xx or 5xx
 * @param status enhanced status code (RFC 3463), e.g. {@code 5.7.1}
 * @param text reply text; it names the policy so the sender's postmaster can act on it
 * @param policy the counter label: {@code rbl}, {@code rhsbl}, {@code header_checks}, {@code spam}, ...
 * @param rule what matched, for the log (a zone, a map line, a virus name)
 */
public record Refusal(int code, String status, String text, String policy, String rule) {
    public Refusal {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("a refusal needs a 4xx or 5xx code: " + code);
        }
    }

    public boolean permanent() {
        return code >= 500;
    }
}
