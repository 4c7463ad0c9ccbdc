package org.mailserver.smtp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mailserver.core.delivery.OutboundQueue;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.directory.User;
import org.mailserver.core.log.QueueIds;
import org.mailserver.smtp.grammar.MailPath;

/**
 * qmail-ldap's {@code deliveryMode: reply} with {@code mailReplyText}: an automatic answer to the
 * envelope sender, following RFC 3834. Sent at most once per sender per user per day, recorded as
 * one empty file per (user, sender) pair under {@code <stateDir>/autoreply} whose modification time
 * is the last answer. Never to the null sender (RFC 3834 2), to a list (List-Id, Precedence
 * bulk/list/junk) or to an automatic message (Auto-Submitted other than {@code no}, RFC 3834 5).
 *
 * <p>Blocks (file I/O, the queue's fsync): call it off the event loop. A failure is logged by the
 * caller and never affects the original message.
 */
final class AutoReply {
    static final Duration INTERVAL = Duration.ofDays(1);

    private final Path dir;
    private final String hostname;
    private final OutboundQueue queue;
    private final Set<String> localDomains;
    private final Clock clock;

    AutoReply(Path stateDir, String hostname, OutboundQueue queue, Set<String> localDomains, Clock clock) {
        this.dir = stateDir.resolve("autoreply");
        this.hostname = hostname;
        this.queue = queue;
        this.localDomains = localDomains;
        this.clock = clock;
    }

    /** Why no answer goes out, or null when one should. */
    static String suppressed(MailPath sender, HeaderSnapshot h) {
        if (sender.isNull()) {
            return "null sender";
        }
        String local = sender.localPart().toLowerCase(Locale.ROOT);
        if (local.equals("mailer-daemon") || local.startsWith("owner-") || local.endsWith("-request")) {
            return "sender is a list or daemon"; // RFC 3834 2
        }
        if (h.get("List-Id") != null) {
            return "List-Id";
        }
        String precedence = h.get("Precedence");
        if (precedence != null && Set.of("bulk", "list", "junk").contains(precedence.toLowerCase(Locale.ROOT))) {
            return "Precedence: " + precedence;
        }
        String auto = h.get("Auto-Submitted");
        if (auto != null && !auto.toLowerCase(Locale.ROOT).startsWith("no")) {
            return "Auto-Submitted: " + auto; // RFC 3834 5
        }
        return null;
    }

    /**
     * Answers {@code sender} for {@code user} unless suppressed or already answered within a day.
     * Returns the auto-reply's queue id, or null when none was sent.
     */
    String answer(User user, MailPath sender, HeaderSnapshot original) throws IOException {
        if (user.replyText().isEmpty() || suppressed(sender, original) != null) {
            return null;
        }
        if (sender.address().equalsIgnoreCase(user.mail())) {
            return null; // never answer oneself
        }
        Path record = dir.resolve(key(user.mail(), sender.address()));
        Instant now = clock.instant();
        if (Files.exists(record) && Files.getLastModifiedTime(record).toInstant().isAfter(now.minus(INTERVAL))) {
            return null;
        }
        String id = QueueIds.next();
        byte[] message = compose(user, sender, original, id);
        boolean local = localDomains.contains(sender.domainLowerCase());
        QueueEnvelope env = new QueueEnvelope(id, "", // RFC 3834 3.3: the null sender, so nothing answers it
                List.of(new QueueEnvelope.Recipient(sender.address(), local, Set.of(), Optional.empty())),
                Optional.empty(), QueueEnvelope.Ret.HDRS, false, true);
        String queued = queue.enqueue(env, new byte[0], new BytesMessage(message));
        Files.createDirectories(dir);
        if (!Files.exists(record)) {
            Files.createFile(record);
        }
        Files.setLastModifiedTime(record, FileTime.from(now));
        return queued;
    }

    /** RFC 3834 3.1: From the user, To the sender, Subject "Auto: ...", In-Reply-To, References, Auto-Submitted. */
    byte[] compose(User user, MailPath sender, HeaderSnapshot original, String id) {
        String subject = original.get("Subject");
        String msgId = original.get("Message-ID");
        String refs = original.get("References");
        StringBuilder b = new StringBuilder(512);
        b.append("From: <").append(TraceHeaders.clean(user.mail())).append(">\r\n");
        b.append("To: <").append(TraceHeaders.clean(sender.address())).append(">\r\n");
        b.append("Subject: Auto: ").append(subject == null ? "" : subject).append("\r\n");
        b.append("Date: ").append(TraceHeaders.DATE.format(ZonedDateTime.now(clock))).append("\r\n");
        b.append("Message-ID: <").append(id).append(".autoreply@").append(TraceHeaders.clean(hostname)).append(">\r\n");
        if (msgId != null && msgId.startsWith("<")) {
            b.append("In-Reply-To: ").append(msgId).append("\r\n");
            b.append("References: ").append(refs == null ? "" : refs + " ").append(msgId).append("\r\n");
        }
        b.append("Auto-Submitted: auto-replied\r\n");
        b.append("MIME-Version: 1.0\r\n");
        b.append("Content-Type: text/plain; charset=UTF-8\r\n");
        b.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        for (String line : user.replyText().get().split("\r\n|\n|\r", -1)) {
            b.append(line).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String key(String user, String sender) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] h = d.digest((user.toLowerCase(Locale.ROOT) + "\0" + sender.toLowerCase(Locale.ROOT))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
