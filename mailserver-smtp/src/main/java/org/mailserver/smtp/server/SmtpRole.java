package org.mailserver.smtp.server;

/**
 * What an SMTP listener is for. All three accept mail for local users; they differ in what they
 * demand of the client before MAIL.
 */
public enum SmtpRole {
    /** {@code smtp.listen}, port 25: mail from anyone for local domains (RFC 5321); relays for the authenticated and trusted. */
    MX("smtp"),
    /** {@code submission.listen}, port 587 (RFC 6409): STARTTLS, then AUTH, before MAIL. */
    SUBMISSION("submission"),
    /** {@code submissions.listen}, port 465 (RFC 8314 3.3): implicit TLS, then AUTH, before MAIL. */
    SUBMISSIONS("submissions");

    private final String listenerName;

    SmtpRole(String listenerName) {
        this.listenerName = listenerName;
    }

    /** The listener name in the configuration ({@code smtp}, {@code submission}, {@code submissions}). */
    public String listenerName() {
        return listenerName;
    }

    /** RFC 6409 4.3 / RFC 8314: the message submission roles require authentication before MAIL. */
    public boolean requiresAuth() {
        return this != MX;
    }

    /** The role for a listener name, or null when the name is not an SMTP listener. */
    public static SmtpRole forListener(String name) {
        for (SmtpRole r : values()) {
            if (r.listenerName.equals(name)) {
                return r;
            }
        }
        return null;
    }
}
