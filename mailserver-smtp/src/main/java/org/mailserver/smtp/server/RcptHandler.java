package org.mailserver.smtp.server;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.log.MailLog;
import org.mailserver.smtp.grammar.AddressChecks;
import org.mailserver.smtp.grammar.DsnParser;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.Reply;
import org.mailserver.smtp.grammar.SmtpCommand;

/**
 * RCPT TO (RFC 5321 4.1.1.3): the recipient is checked off the event loop by {@link RecipientCheck}
 * (domain, relay rights, directory, status, quota with MAIL's SIZE, hooks). An outage answers 451
 * 4.4.3. SMTP also takes NOTIFY and ORCPT (RFC 3461 4.1, 4.2), kept with the recipient; LMTP none.
 * A non-local recipient is relayed only for an authenticated client or one in the trusted networks.
 */
final class RcptHandler {

    private RcptHandler() {
    }

    /** The DSN parameters of one RCPT, or the refusal of a bad one. */
    private record Dsn(Set<QueueEnvelope.Notify> notifyOn, Optional<String> orcpt, Reply refusal) {
    }

    static void handle(SmtpSession s, SmtpCommand.Rcpt rcpt) {
        if (s.state != SmtpSession.State.MAIL) {
            s.error(Replies.BAD_SEQUENCE_MAIL);
            return;
        }
        Dsn dsn = s.config.dialect() == Dialect.ESMTP ? dsn(rcpt.parameters())
                : rcpt.parameters().isEmpty() ? new Dsn(Set.of(), Optional.empty(), null)
                : new Dsn(null, null, Replies.PARAMETER_NOT_IMPLEMENTED);
        if (dsn.refusal() != null) {
            s.reply(dsn.refusal());
            return;
        }
        Transaction tx = s.tx;
        if (AddressChecks.needsUtf8(rcpt.to()) && !tx.parameters.smtpUtf8()) {
            s.reply(MailHandler.UTF8_REQUIRED); // RFC 6531 3.5
            return;
        }
        if (tx.recipients.size() >= s.config.maxRecipients()) {
            s.reply(Replies.TOO_MANY_RECIPIENTS); // RFC 5321 4.5.3.1.10
            return;
        }
        SessionInfo info = s.info;
        boolean relay = s.config.dialect() == Dialect.ESMTP && (info.authenticated() != null || trusted(s, info));
        s.offLoop(() -> s.recipientCheck.check(info, tx.sender, rcpt.to(), tx.parameters.size(), relay),
                (outcome, e) -> {
                    Reply reply = e != null ? Replies.forFailure(e) : outcome.reply();
                    if (e == null && reply.isPositive() && s.tx == tx) {
                        Transaction.Recipient r = new Transaction.Recipient(rcpt.to(), outcome.user(), dsn.notifyOn(),
                                dsn.orcpt());
                        if (s.config.dialect() == Dialect.ESMTP && duplicate(tx, r)) {
                            // accepted, delivered once (as Postfix's cleanup does); LMTP owes a reply per RCPT
                            MailLog.session(s.protocol(), "duplicate", s.ctx.channel().remoteAddress(),
                                    "id=" + tx.queueId + " to=" + rcpt.to() + " delivered once");
                        } else {
                            tx.recipients.add(r);
                        }
                    }
                    if (!reply.isPositive()) {
                        MailLog.session(s.protocol(), "reject", s.ctx.channel().remoteAddress(), "id=" + tx.queueId
                                + " to=" + rcpt.to() + " " + reply.summary() + (e == null ? "" : " (" + e + ")"));
                    }
                    s.reply(reply);
                });
    }

    /**
     * Whether {@code r} is already a recipient: the same address (case aside), or the same local user
     * under another of its addresses, so one message is not stored twice in one mailbox.
     */
    static boolean duplicate(Transaction tx, Transaction.Recipient r) {
        for (Transaction.Recipient other : tx.recipients) {
            if (other.address().address().equalsIgnoreCase(r.address().address())
                    || (r.local() && other.local() && other.user().uid().equals(r.user().uid()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean trusted(SmtpSession s, SessionInfo info) {
        InetAddress a = info.client() == null ? null : info.client().getAddress();
        return s.config.trusted(a);
    }

    private static Dsn dsn(Map<String, String> params) {
        Set<QueueEnvelope.Notify> notify = Set.of();
        Optional<String> orcpt = Optional.empty();
        for (Map.Entry<String, String> e : params.entrySet()) {
            switch (e.getKey()) {
                case "NOTIFY": // RFC 3461 4.1
                    notify = e.getValue().isEmpty() ? null : DsnParser.notify(e.getValue());
                    if (notify == null) {
                        return new Dsn(null, null, Reply.of(501, EnhancedStatus.BAD_PARAMETER, "Bad NOTIFY value"));
                    }
                    break;
                case "ORCPT": // RFC 3461 4.2
                    orcpt = e.getValue().isEmpty() ? null : DsnParser.orcpt(e.getValue());
                    if (orcpt == null) {
                        return new Dsn(null, null, Reply.of(501, EnhancedStatus.BAD_PARAMETER, "Bad ORCPT value"));
                    }
                    break;
                default:
                    return new Dsn(null, null, Replies.PARAMETER_NOT_IMPLEMENTED);
            }
        }
        return new Dsn(notify, orcpt, null);
    }
}
