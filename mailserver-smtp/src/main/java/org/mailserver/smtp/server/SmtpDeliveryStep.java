package org.mailserver.smtp.server;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.DiskFull;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.delivery.OutboundQueue;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.directory.User;
import org.mailserver.core.log.MailLog;
import org.mailserver.smtp.grammar.BodyType;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.MailPath;
import org.mailserver.smtp.grammar.Reply;

/**
 * The end of data for SMTP, once the message is complete in its spool (STYLE.md, "the one path",
 * steps 5-7). SMTP has one reply for all recipients (RFC 5321 4.1.1.4), so nothing may succeed for
 * some and fail for others: every copy ends up durable in a Maildir or in the outbound queue.
 *
 * <ol>
 *   <li>the end-of-data hooks see the message as received; a refusal is the reply for all; a
 *       {@link HookVerdict.Discard} is answered 250 and ends here (no copy, no queue entry, no bounce,
 *       one mail log line per recipient); header lines they add ({@link HookVerdict.AddHeaders}) go
 *       below the trace headers of every copy, and their edits of the message's header fields are
 *       made as each copy is written ({@link HookVerdict.AddHeaders#edited}, streaming);</li>
 *   <li>the queue part first: remote recipients and every local recipient's
 *       {@code mailForwardingAddress}es (envelope sender kept), one {@link OutboundQueue#enqueue}
 *       with the Received header only. If it fails the reply is 451 4.3.0 (452 4.3.1 when its disk
 *       is full) and nothing has been
 *       delivered anywhere, so the client's retry makes no duplicate;</li>
 *   <li>then each local copy, in RCPT order, unless its {@code deliveryMode} is {@code nolocal} (and
 *       it has somewhere to forward to): {@link LocalDelivery#deliver} with Return-Path,
 *       Delivered-To and Received;</li>
 *   <li>the local copies that failed (temporary, over quota) go into the queue as local recipients,
 *       retried from there. If that enqueue fails too the reply is 451 4.3.0, and the mail log says
 *       which copies already exist: those users get the message again from the client's retry;</li>
 *   <li>250 with the queue id, one mail log line per recipient;</li>
 *   <li>auto-replies ({@code deliveryMode: reply}), last: their failure never touches the message.</li>
 * </ol>
 *
 * <p>Blocks (file I/O, fsync, the queue): runs on the blocking executor.
 *
 * <p>Why this order: the queue is the step most likely to fail as a whole (its disk, its lock),
 * and before it nothing has been delivered. The duplicate window that remains is step 4, a local
 * copy failing and then the queue failing right after it had worked in step 2; queueing every
 * local copy first would close it at the cost of a second fsync'd copy of every local message.
 */
final class SmtpDeliveryStep {
    static final Reply QUEUE_FAILED = Reply.of(451, EnhancedStatus.SYSTEM_TEMP, "Local error in processing, try again later");

    private final String hostname;
    private final Set<String> localDomains;
    private final LocalDelivery delivery;
    private final OutboundQueue queue;
    private final SmtpHooks hooks;
    private final AutoReply autoReply;
    private final Clock clock;

    SmtpDeliveryStep(String hostname, Set<String> localDomains, LocalDelivery delivery, OutboundQueue queue,
                     SmtpHooks hooks, AutoReply autoReply, Clock clock) {
        this.hostname = hostname;
        this.localDomains = localDomains;
        this.delivery = delivery;
        this.queue = queue;
        this.hooks = hooks;
        this.autoReply = autoReply;
        this.clock = clock;
    }

    Reply run(SessionInfo session, Transaction tx, MessageSource message) {
        // 1. hooks on the whole message
        HookVerdict verdict = hooks.endOfData(session, tx.sender, message);
        Reply refusal = HelloHandler.refusal(verdict);
        if (refusal != null) {
            logAll(tx, message, "refused (" + refusal.summary() + ")");
            return refusal;
        }
        if (verdict instanceof HookVerdict.Discard d) {
            // header_checks(5) DISCARD: claim success, deliver nowhere, for all recipients
            logAll(tx, message, "discarded (" + d.reason() + ")");
            return Reply.of(250, EnhancedStatus.OK, "Ok: queued as " + tx.queueId);
        }
        MessageSource edited;
        try {
            edited = HookVerdict.AddHeaders.edited(message, verdict);
        } catch (IOException | RuntimeException e) {
            logAll(tx, message, "deferred (reading the spool: " + e + ")");
            return QUEUE_FAILED;
        }
        return deliver(session, tx, edited, message, verdict);
    }

    /** Steps 2-6 for {@code message}, the message as delivered; {@code received} as it came, for auto-replies. */
    private Reply deliver(SessionInfo session, Transaction tx, MessageSource message, MessageSource received,
                          HookVerdict verdict) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        Map<String, String> results = new LinkedHashMap<>(); // address -> log result, RCPT order
        List<QueueEnvelope.Recipient> queued = new ArrayList<>();
        List<Transaction.Recipient> locals = new ArrayList<>();
        List<User> answering = new ArrayList<>();
        for (Transaction.Recipient rcpt : tx.recipients) {
            String address = rcpt.address().address();
            if (!rcpt.local()) {
                queued.add(new QueueEnvelope.Recipient(address, false, rcpt.notifyOn(), rcpt.orcpt()));
                results.put(address, "queued (relay)");
                continue;
            }
            User user = rcpt.user();
            if (user.deliveryModes().contains("nolocal") && !user.forwards().isEmpty()) {
                results.put(address, "forwarded (deliveryMode nolocal)");
            } else if (rcpt.notifyOn().contains(QueueEnvelope.Notify.SUCCESS)) {
                // RFC 3461 4.1: the sender asked to hear of the delivery; the queue delivers this copy
                // and sends the "delivered" report, so both come from one durable place
                queued.add(new QueueEnvelope.Recipient(address, true, rcpt.notifyOn(), rcpt.orcpt()));
                results.put(address, "queued (NOTIFY=SUCCESS: the queue delivers and reports it)");
            } else {
                locals.add(rcpt);
                results.put(address, null); // step 3 fills it in
            }
            for (String forward : user.forwards()) {
                String domain = forward.substring(forward.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
                queued.add(new QueueEnvelope.Recipient(forward, localDomains.contains(domain), Set.of(),
                        Optional.of("rfc822;" + address)));
            }
            if (user.deliveryModes().contains("reply") && user.replyText().isPresent()) {
                answering.add(user);
            }
        }
        // 2. the queue part, before any copy exists
        String queuedAs = null;
        if (!queued.isEmpty()) {
            try {
                queuedAs = enqueue(session, tx, message, queued, now, verdict);
            } catch (IOException | RuntimeException e) {
                logAll(tx, message, "deferred (queue: " + e + ")");
                return queueFailed(e);
            }
        }
        // 3. the local copies, durable before we answer
        List<QueueEnvelope.Recipient> retry = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        for (Transaction.Recipient rcpt : locals) {
            String address = rcpt.address().address();
            byte[] prefix = HookVerdict.AddHeaders.prefix(TraceHeaders.build(hostname, Dialect.ESMTP, session,
                    tx.queueId, tx.sender, rcpt.address(), now), verdict);
            DeliveryResult r;
            try {
                r = delivery.deliver(rcpt.user(), prefix, message);
            } catch (RuntimeException e) {
                r = new DeliveryResult.TemporaryFailure(false, e.toString());
            }
            if (r instanceof DeliveryResult.Delivered d) {
                results.put(address, "delivered (" + d.storedName() + ")");
                delivered.add(address);
            } else {
                retry.add(new QueueEnvelope.Recipient(address, true, rcpt.notifyOn(), rcpt.orcpt()));
                results.put(address, "queued for retry (" + r + ")");
            }
        }
        // 4. the copies that failed, into the queue to be retried from there
        if (!retry.isEmpty()) {
            try {
                String id = enqueue(session, tx, message, retry, now, verdict);
                retry.forEach(r -> results.computeIfPresent(r.address(), (k, v) -> v + " as " + id));
            } catch (IOException | RuntimeException e) {
                boolean copiesExist = !delivered.isEmpty() || queuedAs != null;
                String why = "deferred (local copy failed, then queue: " + e + ")";
                results.replaceAll((to, result) -> retry.stream().anyMatch(r -> r.address().equals(to)) ? why
                        : result + "; the client was answered 451 and its retry will duplicate this copy");
                log(tx, message, results);
                if (copiesExist) {
                    MailLog.session("smtp", "error", session.client(), "id=" + tx.queueId + " 451 with copies made:"
                            + " delivered=" + delivered + (queuedAs == null ? "" : " queued=" + queuedAs)
                            + "; the client's retry will duplicate them");
                }
                return queueFailed(e);
            }
        }
        // 5. the one reply
        log(tx, message, results);
        // 6. auto-replies, after the message is safe
        answer(tx, received, answering);
        return Reply.of(250, EnhancedStatus.OK, "Ok: queued as " + tx.queueId);
    }

    /** 452 4.3.1 when the queue's disk is full (RFC 3463), else 451 4.3.0: both temporary, nothing half-queued. */
    private static Reply queueFailed(Throwable e) {
        return DiskFull.is(e) ? Replies.SYSTEM_FULL : QUEUE_FAILED;
    }

    private void log(Transaction tx, MessageSource message, Map<String, String> results) {
        results.forEach((to, result) -> MailLog.delivery("smtp", tx.queueId, tx.sender.address(), to, message.size(),
                result, Duration.between(tx.started, clock.instant())));
    }

    /** Returns the queue id the entry was stored as. */
    private String enqueue(SessionInfo session, Transaction tx, MessageSource message,
                           List<QueueEnvelope.Recipient> queued, ZonedDateTime now, HookVerdict verdict)
            throws IOException {
        if (queue == null) {
            throw new IOException("no outbound queue");
        }
        // RFC 5321 4.4: "for" names the recipient only when there is one, so no copy reveals the others
        MailPath only = tx.recipients.size() == 1 ? tx.recipients.get(0).address() : null;
        byte[] prefix = HookVerdict.AddHeaders.prefix(
                TraceHeaders.received(hostname, Dialect.ESMTP, session, tx.queueId, only, now), verdict);
        QueueEnvelope env = new QueueEnvelope(tx.queueId, tx.sender.address(), queued, tx.envid, tx.ret,
                tx.parameters.smtpUtf8(), tx.parameters.body() != BodyType.SEVEN_BIT);
        return queue.enqueue(env, prefix, message);
    }

    private void answer(Transaction tx, MessageSource message, List<User> users) {
        if (users.isEmpty() || autoReply == null) {
            return;
        }
        HeaderSnapshot headers;
        try {
            headers = HeaderSnapshot.read(message);
        } catch (IOException e) {
            MailLog.delivery("smtp", tx.queueId, tx.sender.address(), "", 0, "auto-reply skipped (" + e + ")",
                    Duration.ZERO);
            return;
        }
        for (User u : users) {
            String result;
            try {
                String id = autoReply.answer(u, tx.sender, headers);
                result = id == null ? "auto-reply suppressed" : "auto-reply queued as " + id;
            } catch (IOException | RuntimeException e) {
                result = "auto-reply failed (" + e + ")";
            }
            MailLog.delivery("smtp", tx.queueId, u.mail(), tx.sender.address(), 0, result,
                    Duration.between(tx.started, clock.instant()));
        }
    }

    private void logAll(Transaction tx, MessageSource message, String result) {
        for (Transaction.Recipient r : tx.recipients) {
            MailLog.delivery("smtp", tx.queueId, tx.sender.address(), r.address().address(), message.size(), result,
                    Duration.between(tx.started, clock.instant()));
        }
    }
}
