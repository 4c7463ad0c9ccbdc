package org.mailserver.smtp.server;

import org.mailserver.core.net.Cidr;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

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
 * @param trustedNetworks clients allowed to relay without authentication ({@code smtp.trusted_networks});
 *     empty: nobody, loopback included
 * @param stateDir where small persistent records live (the auto-reply log); created on demand
 */
public record SmtpServerConfig(Dialect dialect, long maxMessageSize, int maxRecipients, int maxErrors,
                               Path spoolDir, int spoolMemoryThreshold, List<Cidr> trustedNetworks, Path stateDir) {
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 50L * 1024 * 1024;

    public SmtpServerConfig {
        if (maxMessageSize <= 0 || maxRecipients < 1 || maxErrors < 1 || spoolMemoryThreshold < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        trustedNetworks = List.copyOf(trustedNetworks);
    }

    /** Without trusted networks; the state directory is {@code smtp-state} beside the spool. */
    public SmtpServerConfig(Dialect dialect, long maxMessageSize, int maxRecipients, int maxErrors, Path spoolDir,
                            int spoolMemoryThreshold) {
        this(dialect, maxMessageSize, maxRecipients, maxErrors, spoolDir, spoolMemoryThreshold, List.of(),
                spoolDir.resolveSibling("smtp-state"));
    }

    /** The defaults: 50 MB, 1000 recipients, 10 errors, 64 KiB in memory, no trusted networks. */
    public static SmtpServerConfig defaults(Dialect dialect, Path spoolDir) {
        return new SmtpServerConfig(dialect, DEFAULT_MAX_MESSAGE_SIZE, 1000, 10, spoolDir, 64 * 1024);
    }

    public SmtpServerConfig withMaxMessageSize(long size) {
        return new SmtpServerConfig(dialect, size, maxRecipients, maxErrors, spoolDir, spoolMemoryThreshold,
                trustedNetworks, stateDir);
    }

    public SmtpServerConfig withTrustedNetworks(List<Cidr> networks) {
        return new SmtpServerConfig(dialect, maxMessageSize, maxRecipients, maxErrors, spoolDir, spoolMemoryThreshold,
                networks, stateDir);
    }

    public SmtpServerConfig withStateDir(Path dir) {
        return new SmtpServerConfig(dialect, maxMessageSize, maxRecipients, maxErrors, spoolDir, spoolMemoryThreshold,
                trustedNetworks, dir);
    }

    /** True when {@code client} is in one of the trusted networks. */
    public boolean trusted(InetAddress client) {
        return Cidr.anyContains(trustedNetworks, client);
    }
}
