package org.mailserver.smtp.grammar;

/**
 * An enhanced mail system status code (RFC 3463), sent after the reply code when
 * ENHANCEDSTATUSCODES is in effect (RFC 2034).
 *
 * @param statusClass 2 (success), 4 (persistent transient failure) or 5 (permanent failure)
 * @param subject 0-7: other, addressing, mailbox, mail system, network, protocol, content, security
 * @param detail the detail within the subject
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {
    public static final EnhancedStatus OK = new EnhancedStatus(2, 0, 0);
    public static final EnhancedStatus SENDER_OK = new EnhancedStatus(2, 1, 0);
    public static final EnhancedStatus RECIPIENT_OK = new EnhancedStatus(2, 1, 5);
    public static final EnhancedStatus CLOSING = new EnhancedStatus(2, 0, 0);
    /** 4.2.2 / 5.2.2 mailbox full. */
    public static final EnhancedStatus MAILBOX_FULL_TEMP = new EnhancedStatus(4, 2, 2);
    public static final EnhancedStatus MAILBOX_FULL = new EnhancedStatus(5, 2, 2);
    public static final EnhancedStatus BAD_MAILBOX = new EnhancedStatus(5, 1, 1);
    public static final EnhancedStatus BAD_DOMAIN = new EnhancedStatus(5, 1, 2);
    public static final EnhancedStatus BAD_SENDER_SYNTAX = new EnhancedStatus(5, 1, 7);
    public static final EnhancedStatus BAD_RECIPIENT_SYNTAX = new EnhancedStatus(5, 1, 3);
    public static final EnhancedStatus MAILBOX_DISABLED = new EnhancedStatus(5, 2, 1);
    public static final EnhancedStatus SYSTEM_TEMP = new EnhancedStatus(4, 3, 0);
    public static final EnhancedStatus SYSTEM_FULL = new EnhancedStatus(4, 3, 1);
    public static final EnhancedStatus SYSTEM_SHUTDOWN = new EnhancedStatus(4, 3, 2);
    public static final EnhancedStatus MESSAGE_TOO_BIG = new EnhancedStatus(5, 3, 4);
    public static final EnhancedStatus NETWORK_TIMEOUT = new EnhancedStatus(4, 4, 2);
    public static final EnhancedStatus DIRECTORY_TEMP = new EnhancedStatus(4, 4, 3);
    public static final EnhancedStatus INVALID_COMMAND = new EnhancedStatus(5, 5, 1);
    public static final EnhancedStatus SYNTAX = new EnhancedStatus(5, 5, 2);
    public static final EnhancedStatus TOO_MANY_RECIPIENTS = new EnhancedStatus(4, 5, 3);
    public static final EnhancedStatus BAD_PARAMETER = new EnhancedStatus(5, 5, 4);
    public static final EnhancedStatus WRONG_PROTOCOL_VERSION = new EnhancedStatus(5, 5, 5);
    public static final EnhancedStatus CONTENT = new EnhancedStatus(5, 6, 0);
    public static final EnhancedStatus POLICY_TEMP = new EnhancedStatus(4, 7, 0);
    public static final EnhancedStatus SECURITY = new EnhancedStatus(5, 7, 0);

    public EnhancedStatus {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("class must be 2, 4 or 5: " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("subject and detail are 0-999");
        }
    }

    /** {@code 5.1.1}. */
    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
