package org.mailserver.smtp.server;

import org.mailserver.core.log.MailLog;
import org.mailserver.smtp.grammar.Reply;
import org.mailserver.smtp.grammar.SmtpCommand;

/**
 * RCPT TO (RFC 5321 4.1.1.3): the recipient is checked off the event loop by {@link RecipientCheck}
 * (domain, directory, status, quota with MAIL's SIZE, hooks). An outage answers 451 4.4.3.
 */
final class RcptHandler {

    private RcptHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Rcpt rcpt) {
        if (s.state != SmtpSession.State.MAIL) {
            s.error(Replies.BAD_SEQUENCE_MAIL);
            return;
        }
        if (!rcpt.parameters().isEmpty()) {
            s.reply(Replies.PARAMETER_NOT_IMPLEMENTED); // NOTIFY/ORCPT come with DSN support
            return;
        }
        Transaction tx = s.tx;
        if (tx.recipients.size() >= s.config.maxRecipients()) {
            s.reply(Replies.TOO_MANY_RECIPIENTS); // RFC 5321 4.5.3.1.10
            return;
        }
        SessionInfo info = s.info;
        s.offLoop(() -> s.recipientCheck.check(info, tx.sender, rcpt.to(), tx.parameters.size()), (outcome, e) -> {
            Reply reply = e != null ? Replies.forFailure(e) : outcome.reply();
            if (e == null && outcome.user() != null && s.tx == tx) {
                tx.recipients.add(new Transaction.Recipient(rcpt.to(), outcome.user()));
            }
            if (!reply.isPositive()) {
                MailLog.session(s.protocol(), "reject", s.ctx.channel().remoteAddress(), "id=" + tx.queueId
                        + " to=" + rcpt.to() + " " + reply.summary() + (e == null ? "" : " (" + e + ")"));
            }
            s.reply(reply);
        });
    }
}
