package org.mailserver.smtp.server;

import org.mailserver.core.log.MailLog;
import org.mailserver.core.log.QueueIds;
import org.mailserver.smtp.grammar.BodyType;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.MailParameters;
import org.mailserver.smtp.grammar.Reply;
import org.mailserver.smtp.grammar.SmtpCommand;

/**
 * MAIL FROM (RFC 5321 4.1.1.2): starts a transaction with a new queue id. Parameters: SIZE (RFC
 * 1870, refused at once when over the limit), BODY=7BIT/8BITMIME (RFC 6152); anything not advertised
 * is refused with 555 5.5.4 (RFC 5321 4.1.1.11).
 */
final class MailHandler {

    private MailHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Mail mail) {
        if (s.state == SmtpSession.State.GREETED) {
            s.error(Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Bad sequence of commands: send "
                    + (s.config.dialect() == Dialect.LMTP ? "LHLO" : "EHLO") + " first"));
            return;
        }
        if (s.state == SmtpSession.State.MAIL) {
            s.error(Replies.NESTED_MAIL);
            return;
        }
        MailParameters p = mail.parameters();
        if (!p.others().isEmpty() || p.smtpUtf8() || p.body() == BodyType.BINARY_MIME) {
            s.reply(Replies.PARAMETER_NOT_IMPLEMENTED);
            return;
        }
        if (p.size() > s.config.maxMessageSize()) {
            s.reply(Reply.of(552, EnhancedStatus.MESSAGE_TOO_BIG, "Message size exceeds fixed limit"));
            return;
        }
        if (s.hooks == SmtpHooks.NONE) {
            begin(s, mail);
            return;
        }
        s.offLoop(() -> s.hooks.mail(s.info, mail.from(), p), (verdict, e) -> {
            Reply refusal = e != null ? Replies.LOCAL_ERROR : HelloHandler.refusal(verdict);
            if (refusal != null) {
                s.reply(refusal);
            } else {
                begin(s, mail);
            }
        });
    }

    private static void begin(SmtpSession s, SmtpCommand.Mail mail) {
        Transaction tx = new Transaction(QueueIds.next(), mail.from(), mail.parameters(), s.clock.instant());
        s.newTransaction(tx);
        s.state = SmtpSession.State.MAIL;
        MailLog.session(s.protocol(), "mail", s.ctx.channel().remoteAddress(),
                "id=" + tx.queueId + " from=" + mail.from());
        s.reply(Replies.SENDER_OK);
    }
}
