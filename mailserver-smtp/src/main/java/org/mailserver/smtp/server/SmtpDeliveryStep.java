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
 *   <li>the end-of-data hooks see the message as received; a refusal is the reply for all;</li>
 *   <li>each local recipient, in RCPT order: unless its {@code deliveryMode} is {@code nolocal}
 *       (and it has somewhere to forward to), {@link LocalDelivery#deliver} with Return-Path,
 *       Delivered-To and Received; a copy that fails (temporary, over quota) becomes a local
 *       recipient of the queue, retried from there;</li>
 *   <li>its {@code mailForwardingAddress}es become queue recipients, the envelope sender kept;</li>
 *   <li>remote recipients, forwards and retried local copies: one {@link OutboundQueue#enqueue},
 *       with the Received header only; if that fails the reply is 451 4.3.0;</li>
 *   <li>250 with the queue id, one mail log line per recipient;</li>
 *   <li>auto-replies ({@code deliveryMode: reply}), last: their failure never touches the message.</li>
 * </ol>
 *
 * <p>Blocks (file I/O, fsync, the queue): runs on the blocking executor.
 *
 * <p>Known limit: when step 4 fails after step 2 delivered some copies, the client retries the whole
 * message and those users get it twice. Queueing everything first would remove this at the cost of
 * a second fsync'd copy of every local message.
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
        ZonedDateTime now = ZonedDateTime.now(clock);
        Map<String, String> results = new LinkedHashMap<>(); // address -> log result, RCPT order
        List<QueueEnvelope.Recipient> queued = new ArrayList<>();
        List<User> answering = new ArrayList<>();
        for (Transaction.Recipient rcpt : tx.recipients) {
            String address = rcpt.address().address();
            if (!rcpt.local()) {
                queued.add(new QueueEnvelope.Recipient(address, false, rcpt.notifyOn(), rcpt.orcpt()));
                results.put(address, "queued (relay)");
                continue;
            }
            User user = rcpt.user();
            boolean noLocal = user.deliveryModes().contains("nolocal") && !user.forwards().isEmpty();
            if (noLocal) {
                results.put(address, "forwarded (deliveryMode nolocal)");
            } else {
                // 2. the local copy, durable before we answer
                byte[] prefix = TraceHeaders.build(hostname, Dialect.ESMTP, session, tx.queueId, tx.sender,
                        rcpt.address(), now);
                DeliveryResult r;
                try {
                    r = delivery.deliver(user, prefix, message);
                } catch (RuntimeException e) {
                    r = new DeliveryResult.TemporaryFailure(false, e.toString());
                }
                if (r instanceof DeliveryResult.Delivered d) {
                    results.put(address, "delivered (" + d.storedName() + ")");
                } else {
                    queued.add(new QueueEnvelope.Recipient(address, true, rcpt.notifyOn(), rcpt.orcpt()));
                    results.put(address, "queued for retry (" + r + ")");
                }
            }
            // 3. mailForwardingAddress: through the queue, sender kept
            for (String forward : user.forwards()) {
                String domain = forward.substring(forward.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
                queued.add(new QueueEnvelope.Recipient(forward, localDomains.contains(domain), Set.of(),
                        Optional.of("rfc822;" + address)));
            }
            if (user.deliveryModes().contains("reply") && user.replyText().isPresent()) {
                answering.add(user);
            }
        }
        // 4. one durable queue entry for everything not in a Maildir yet
        if (!queued.isEmpty()) {
            String failure = enqueue(session, tx, message, queued, now);
            if (failure != null) {
                logAll(tx, message, "deferred (queue: " + failure + ")");
                return QUEUE_FAILED;
            }
        }
        // 5. the one reply
        results.forEach((to, result) -> MailLog.delivery("smtp", tx.queueId, tx.sender.address(), to, message.size(),
                result, Duration.between(tx.started, clock.instant())));
        // 6. auto-replies, after the message is safe
        answer(tx, message, answering);
        return Reply.of(250, EnhancedStatus.OK, "Ok: queued as " + tx.queueId);
    }

    private String enqueue(SessionInfo session, Transaction tx, MessageSource message,
                           List<QueueEnvelope.Recipient> queued, ZonedDateTime now) {
        if (queue == null) {
            return "no outbound queue";
        }
        // RFC 5321 4.4: "for" names the recipient only when there is one, so no copy reveals the others
        MailPath only = tx.recipients.size() == 1 ? tx.recipients.get(0).address() : null;
        byte[] prefix = TraceHeaders.received(hostname, Dialect.ESMTP, session, tx.queueId, only, now);
        QueueEnvelope env = new QueueEnvelope(tx.queueId, tx.sender.address(), queued, tx.envid, tx.ret,
                tx.parameters.smtpUtf8(), tx.parameters.body() != BodyType.SEVEN_BIT);
        try {
            queue.enqueue(env, prefix, message);
            return null;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
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
