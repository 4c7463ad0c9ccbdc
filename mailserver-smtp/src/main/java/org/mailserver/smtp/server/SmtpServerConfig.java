package org.mailserver.smtp.server;

import java.nio.file.Path;

/**
 * The settings of one SMTP or LMTP service, built by the daemon from the configuration file.
 *
 * @param dialect LMTP or ESMTP
 * @param maxMessageSize largest message in octets, advertised with SIZE (RFC 1870)
 * @param maxRecipients recipients per transaction; more get 452 4.5.3 (RFC 5321 4.5.3.1.8 asks for
 *     at least 100)
 * @param maxErrors protocol errors before the session is closed with 421
 * @param spoolDir where messages larger than {@code spoolMemoryThreshold} are spilled while received
 * @param spoolMemoryThreshold octets of a message kept in memory before it goes to a spool file
 */
public record SmtpServerConfig(Dialect dialect, long maxMessageSize, int maxRecipients, int maxErrors,
                               Path spoolDir, int spoolMemoryThreshold) {
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 50L * 1024 * 1024;

    public SmtpServerConfig {
        if (maxMessageSize <= 0 || maxRecipients < 1 || maxErrors < 1 || spoolMemoryThreshold < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The defaults: 50 MB, 1000 recipients, 10 errors, 64 KiB in memory. */
    public static SmtpServerConfig defaults(Dialect dialect, Path spoolDir) {
        return new SmtpServerConfig(dialect, DEFAULT_MAX_MESSAGE_SIZE, 1000, 10, spoolDir, 64 * 1024);
    }

    public SmtpServerConfig withMaxMessageSize(long size) {
        return new SmtpServerConfig(dialect, size, maxRecipients, maxErrors, spoolDir, spoolMemoryThreshold);
    }
}
