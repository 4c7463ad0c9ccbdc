package org.mailserver.smtp.queue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.directory.DirectoryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the delivery status notifications of a finished message (RFC 3464): one "failed" report
 * for the recipients that bounced and asked for it (NOTIFY default or FAILURE, RFC 3461 4.1), one
 * success report for recipients with NOTIFY=SUCCESS that we delivered or relayed to a server
 * without DSN. Never to the null sender (RFC 5321 4.5.5, RFC 3461 6.2), which is logged. Delay
 * warnings (NOTIFY=DELAY) are not sent.
 *
 * <p>The report is written to a file in the queue's {@code tmp/} and enqueued as a new message
 * from {@code <>}, so it is durable and retried like any other. Runs on a queue thread.
 */
final class Bounces {
    private static final Logger LOG = LoggerFactory.getLogger(Bounces.class);
    private final QueueManager q;

    Bounces(QueueManager q) {
        this.q = q;
    }

    void report(QueuedMessage m) throws IOException {
        List<QueuedRecipient> rs = m.recipients();
        List<QueuedRecipient> failed = rs.stream()
                .filter(r -> r.state() == QueuedRecipient.State.BOUNCED && r.wantsFailureReport()).toList();
        List<QueuedRecipient> succeeded = rs.stream()
                .filter(r -> r.state() == QueuedRecipient.State.DELIVERED && r.wantsSuccessReport()
                        && !r.action().equals("passed")).toList();
        if (failed.isEmpty() && succeeded.isEmpty()) {
            return;
        }
        if (m.sender.isEmpty()) {
            LOG.info("queue: {}: not reporting {} failed recipient(s) to the null sender", m.id, failed.size());
            return;
        }
        // RFC 3834 2 / Postfix: MAILER-DAEMON is the bounce system itself; a report to it could
        // only come back as another report
        if (localPart(m.sender).equalsIgnoreCase("MAILER-DAEMON")) {
            LOG.info("queue: {}: not reporting {} failed recipient(s) to {}", m.id, failed.size(), m.sender);
            return;
        }
        boolean local;
        try {
            local = q.directory.findByAddress(m.sender).isPresent();
        } catch (DirectoryUnavailableException e) {
            throw new IOException("directory unavailable: " + e.getMessage(), e);
        }
        if (!local && q.config.isLocalDomain(domain(m.sender))) {
            // no such user in our own domain: nobody would receive it, and it must not go out by MX
            LOG.info("queue: {}: not reporting {} failed recipient(s) to {}: no such local user", m.id,
                    failed.size(), m.sender);
            return;
        }
        if (!failed.isEmpty()) {
            send(m, failed, true, local);
        }
        if (!succeeded.isEmpty()) {
            send(m, succeeded, false, local);
        }
    }

    private static String localPart(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    private static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }

    /**
     * The report's queue id is the original's plus a suffix, so a report enqueued before a crash
     * (or before a later step of {@code finish} failed) is found again instead of sent twice.
     */
    static String reportId(String originalId, boolean failure) {
        return originalId + (failure ? "-F" : "-S");
    }

    private void send(QueuedMessage m, List<QueuedRecipient> rcpts, boolean failure, boolean local)
            throws IOException {
        String reportId = reportId(m.id, failure);
        if (q.store.exists(reportId) || q.messages.containsKey(reportId)) {
            LOG.info("queue: {}: {} notification already queued as {}", m.id, failure ? "non-delivery" : "delivery",
                    reportId);
            return;
        }
        Path file = Files.createTempFile(q.store.dir.resolve("tmp"), "dsn-", ".tmp");
        try {
            MessageSource original = q.store.source(m.id);
            boolean full = m.ret == QueueEnvelope.Ret.FULL
                    || (m.ret == QueueEnvelope.Ret.UNSPECIFIED && m.size <= q.config.bounceFullLimit());
            try (OutputStream out = Files.newOutputStream(file)) {
                new DsnWriter(q.config.hostname(), m, rcpts, failure, full).write(out, original);
            }
            long size = Files.size(file);
            MessageSource dsn = new MessageSource() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public java.io.InputStream open() throws IOException {
                    return Files.newInputStream(file);
                }
            };
            // RFC 3461 6.2 / RFC 5321 4.5.5: a DSN goes from the null sender, so it never causes another
            QueueEnvelope env = new QueueEnvelope(reportId, "",
                    List.of(new QueueEnvelope.Recipient(m.sender, local, Set.of(), Optional.empty())),
                    Optional.empty(), QueueEnvelope.Ret.UNSPECIFIED, m.smtputf8, true);
            String id = q.enqueue(env, new byte[0], dsn);
            LOG.info("queue: {}: sender {} notification: {}", m.id, failure ? "non-delivery" : "delivery", id);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
