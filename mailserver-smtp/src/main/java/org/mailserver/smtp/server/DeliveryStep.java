package org.mailserver.smtp.server;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.log.MailLog;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.Reply;

/**
 * The end of DATA, once the message is complete in its spool (STYLE.md, "the one path", steps 5-7):
 *
 * <ol>
 *   <li>the end-of-data hooks see the message as received; lines they add go below each copy's trace
 *       headers, and their edits of header fields are made as each copy is written; a
 *       {@link HookVerdict.Discard} answers every recipient 250 and writes no copy;</li>
 *   <li>for each accepted recipient, in RCPT order: trace headers for that recipient, then
 *       {@link LocalDelivery#deliver}, which returns once the copy is durable;</li>
 *   <li>one reply per recipient from its result, and one mail log line per recipient.</li>
 * </ol>
 *
 * <p>Blocks (file I/O, fsync): runs on the blocking executor. Never throws for one recipient's
 * failure: an exception from the store becomes that recipient's 451 4.3.0.
 */
final class DeliveryStep {
    private final String hostname;
    private final Dialect dialect;
    private final LocalDelivery delivery;
    private final SmtpHooks hooks;
    private final Clock clock;

    DeliveryStep(String hostname, Dialect dialect, LocalDelivery delivery, SmtpHooks hooks, Clock clock) {
        this.hostname = hostname;
        this.dialect = dialect;
        this.delivery = delivery;
        this.hooks = hooks;
        this.clock = clock;
    }

    /** One reply per recipient of {@code tx}, in order. */
    List<Reply> run(SessionInfo session, Transaction tx, MessageSource message) {
        List<Reply> replies = new ArrayList<>(tx.recipients.size());
        // 1. hooks on the whole message
        HookVerdict verdict = hooks.endOfData(session, tx.sender, message);
        Reply refusal = verdict instanceof HookVerdict.Reject r ? r.reply()
                : verdict instanceof HookVerdict.Defer d ? d.reply() : null;
        String discarded = verdict instanceof HookVerdict.Discard d ? d.reason() : null;
        MessageSource edited = message;
        if (refusal == null && discarded == null) {
            try {
                edited = HookVerdict.AddHeaders.edited(message, verdict);
            } catch (IOException | RuntimeException e) {
                refusal = Reply.of(451, EnhancedStatus.SYSTEM_TEMP, "Local error in processing");
                MailLog.session(dialect.logName(), "error", session.client(), "id=" + tx.queueId + " reading the spool: " + e);
            }
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        for (Transaction.Recipient rcpt : tx.recipients) {
            Reply reply;
            String result;
            if (refusal != null) {
                reply = refusal;
                result = "refused (" + refusal.summary() + ")";
            } else if (discarded != null) {
                // header_checks(5) DISCARD: claim success, deliver nowhere
                reply = Reply.of(250, EnhancedStatus.OK, rcpt.address() + " Ok: delivered as " + tx.queueId);
                result = "discarded (" + discarded + ")";
            } else {
                // 2. this recipient's copy, durable before we answer
                byte[] prefix = HookVerdict.AddHeaders.prefix(
                        TraceHeaders.build(hostname, dialect, session, tx.queueId, tx.sender, rcpt.address(), now), verdict);
                DeliveryResult r;
                try {
                    r = delivery.deliver(rcpt.user(), prefix, edited);
                } catch (RuntimeException e) {
                    r = new DeliveryResult.TemporaryFailure(false, e.toString());
                }
                reply = replyFor(r, tx, rcpt);
                result = resultFor(r);
            }
            // 3. reply and log line
            replies.add(reply);
            MailLog.delivery(dialect.logName(), tx.queueId, tx.sender.address(), rcpt.address().address(),
                    message.size(), result, Duration.between(tx.started, clock.instant()));
        }
        return replies;
    }

    private static Reply replyFor(DeliveryResult r, Transaction tx, Transaction.Recipient rcpt) {
        if (r instanceof DeliveryResult.Delivered) {
            return Reply.of(250, EnhancedStatus.OK, rcpt.address() + " Ok: delivered as " + tx.queueId);
        }
        if (r instanceof DeliveryResult.OverQuota q) {
            return Replies.overQuota(rcpt.address(), q.permanent());
        }
        DeliveryResult.TemporaryFailure t = (DeliveryResult.TemporaryFailure) r;
        return t.diskFull()
                ? Reply.of(452, EnhancedStatus.SYSTEM_FULL, rcpt.address() + ": Insufficient system storage")
                : Reply.of(451, EnhancedStatus.SYSTEM_TEMP, rcpt.address() + ": Local error in processing");
    }

    private static String resultFor(DeliveryResult r) {
        if (r instanceof DeliveryResult.Delivered d) {
            return "delivered (" + d.storedName() + ")";
        }
        if (r instanceof DeliveryResult.OverQuota q) {
            return (q.permanent() ? "bounced" : "deferred") + " (over quota: " + q.detail() + ")";
        }
        DeliveryResult.TemporaryFailure t = (DeliveryResult.TemporaryFailure) r;
        return "deferred (" + t.detail() + ")";
    }
}
