package org.mailserver.smtp.server;

/**
 * What differs between LMTP (RFC 2033) and SMTP (RFC 5321) on the one engine: the greeting verb,
 * the replies after DATA (one per recipient for LMTP, RFC 2033 4.2) and the {@code with} keyword of
 * the Received header (RFC 3848).
 */
public enum Dialect {
    LMTP("lmtp", "LMTP"),
    ESMTP("smtp", "ESMTP");

    private final String logName;
    private final String banner;

    Dialect(String logName, String banner) {
        this.logName = logName;
        this.banner = banner;
    }

    /** The protocol name in the mail log. */
    public String logName() {
        return logName;
    }

    /** The word in the 220 greeting. */
    public String banner() {
        return banner;
    }

    /** True when every accepted recipient gets its own reply after DATA (RFC 2033 4.2). */
    public boolean replyPerRecipient() {
        return this == LMTP;
    }

    /** The Received header's {@code with} value (RFC 3848): LMTP, LMTPS, SMTP, ESMTP, ESMTPS. */
    public String receivedWith(boolean extended, boolean tls) {
        return receivedWith(extended, tls, false);
    }

    /** As above, with ESMTPA / ESMTPSA (RFC 3848 2) after a successful AUTH. */
    public String receivedWith(boolean extended, boolean tls, boolean authenticated) {
        if (this == LMTP) {
            return (tls ? "LMTPS" : "LMTP") + (authenticated ? "A" : "");
        }
        if (!extended) {
            return "SMTP";
        }
        return (tls ? "ESMTPS" : "ESMTP") + (authenticated ? "A" : "");
    }
}
