package org.mailserver.core.filter.spf;

import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * The header fields that record an SPF result: {@code Received-SPF:} (RFC 7208 9.1) and
 * {@code Authentication-Results:} (RFC 8601 2.2, method spf of 2.7.2). Each is one line without CRLF;
 * every value from the client or the DNS is reduced to printable ASCII and quoted where needed. Pure.
 */
final class SpfHeaders {
    /** RFC 5322 3.2.3 dot-atom. */
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /** RFC 8601 2.2 pvalue's domain-name (RFC 6376 3.5): letters, digits, hyphens and underscores in labels. */
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");

    private SpfHeaders() {
    }

    /**
     * {@code Received-SPF: pass (mx.example.org: domain of a@example.com designates 192.0.2.1 as permitted
     * sender) client-ip=192.0.2.1; envelope-from="a@example.com"; helo=mail.example.com; receiver=mx.example.org;
     * identity=mailfrom; mechanism="ip4:192.0.2.0/24"}.
     *
     * @param envelopeFrom the MAIL FROM address as given, {@code ""} for the null reverse-path
     */
    static String receivedSpf(SpfOutcome o, InetAddress client, String envelopeFrom, String helo, String receiver) {
        String ip = SpfAddresses.readable(SpfAddresses.normalize(client));
        StringBuilder b = new StringBuilder(300).append("Received-SPF: ").append(o.result().keyword())
                .append(" (").append(comment(receiver + ": " + explain(o, ip))).append(") ")
                .append("client-ip=").append(value(ip))
                .append("; envelope-from=").append(quoted(envelopeFrom));
        if (helo != null) {
            b.append("; helo=").append(value(helo));
        }
        b.append("; receiver=").append(value(receiver)).append("; identity=").append(o.identity().keyword());
        if (o.mechanism() != null) {
            b.append("; mechanism=").append(value(o.mechanism()));
        }
        if (o.problem() != null) {
            b.append("; problem=").append(quoted(o.problem()));
        }
        return b.toString();
    }

    /** RFC 7208 9.1's wording of each result. */
    private static String explain(SpfOutcome o, String ip) {
        String who = "domain of " + o.sender();
        return switch (o.result()) {
            case PASS -> who + " designates " + ip + " as permitted sender";
            case FAIL -> who + " does not designate " + ip + " as permitted sender";
            case SOFTFAIL -> "domain of transitioning " + o.sender() + " does not designate " + ip + " as permitted sender";
            case NEUTRAL -> ip + " is neither permitted nor denied by " + who;
            case NONE -> who + " does not designate permitted sender hosts";
            case PERMERROR -> "permanent error in processing " + who + ": " + o.problem();
            case TEMPERROR -> "error in processing during lookup of " + o.sender() + ": " + o.problem();
        };
    }

    /**
     * {@code Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=a@example.com}; for the null
     * reverse-path the checked name is the HELO's: {@code smtp.helo=mail.example.com} (RFC 8601 2.7.2).
     */
    static String authenticationResults(SpfOutcome o, String receiver, String envelopeFrom, String helo) {
        StringBuilder b = new StringBuilder(160).append("Authentication-Results: ").append(value(receiver))
                .append("; spf=").append(o.result().keyword());
        if (envelopeFrom.isEmpty()) {
            b.append(" smtp.helo=").append(value(helo == null ? "" : helo));
        } else {
            b.append(" smtp.mailfrom=").append(mailbox(envelopeFrom));
        }
        return b.toString();
    }

    /** RFC 8601 pvalue {@code [local-part "@"] domain-name}, the local part quoted when it is no dot-atom. */
    private static String mailbox(String address) {
        String a = printable(address);
        int at = a.lastIndexOf('@');
        String local = at < 0 ? "" : a.substring(0, at);
        String domain = a.substring(at + 1);
        if (!DOMAIN.matcher(domain).matches()) {
            return quoted(a);
        }
        return (DOT_ATOM.matcher(local).matches() ? local : quoted(local)) + "@" + domain;
    }

    /** A dot-atom as it is, anything else as a quoted-string (RFC 7208 9.1 key-value-pair). */
    private static String value(String s) {
        String p = printable(s);
        return DOT_ATOM.matcher(p).matches() ? p : quoted(p);
    }

    private static String quoted(String s) {
        return '"' + printable(s).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** RFC 5322 3.2.2 comment text: parentheses and backslashes escaped. */
    private static String comment(String s) {
        return printable(s).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)");
    }

    /** Printable ASCII only (a header line carries no CR, LF or other controls), at most 300 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && b.length() < 300; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
