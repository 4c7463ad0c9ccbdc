package org.mailserver.smtp.server;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.directory.User;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.log.QueueIds;
import org.mailserver.smtp.grammar.AddressChecks;
import org.mailserver.smtp.grammar.BodyType;
import org.mailserver.smtp.grammar.DsnParser;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.MailParameters;
import org.mailserver.smtp.grammar.MailPath;
import org.mailserver.smtp.grammar.Reply;
import org.mailserver.smtp.grammar.SmtpCommand;

/**
 * MAIL FROM (RFC 5321 4.1.1.2): starts a transaction with a new queue id. Parameters: SIZE (RFC
 * 1870, refused at once when over the limit), BODY=7BIT/8BITMIME (RFC 6152); for SMTP also
 * BODY=BINARYMIME (RFC 3030), SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461) and AUTH= (RFC 4954 5,
 * accepted and ignored). Anything not advertised is refused with 555 5.5.4 (RFC 5321 4.1.1.11).
 *
 * <p>The submission roles want AUTH first (530 5.7.0); an authenticated client may only use one
 * of its own addresses as the sender (553 5.7.1).
 */
final class MailHandler {
    static final Reply AUTH_REQUIRED = Reply.of(530, EnhancedStatus.SECURITY, "Authentication required");
    static final Reply UTF8_REQUIRED = Reply.of(553, new EnhancedStatus(5, 6, 7),
            "Non-ASCII address requires SMTPUTF8 (RFC 6531)");

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
        boolean esmtp = s.config.dialect() == Dialect.ESMTP;
        if (esmtp && s.role != null && s.role.requiresAuth() && s.info.authenticated() == null) {
            s.reply(AUTH_REQUIRED); // RFC 4954 6, RFC 6409 4.3
            return;
        }
        MailParameters p = mail.parameters();
        Transaction tx = new Transaction(QueueIds.next(), mail.from(), p, s.clock.instant());
        Reply refusal = esmtp ? esmtpParameters(tx, p) : lmtpParameters(p);
        if (refusal == null && p.size() > s.config.maxMessageSize()) {
            refusal = Reply.of(552, EnhancedStatus.MESSAGE_TOO_BIG, "Message size exceeds fixed limit"); // RFC 1870 6.1
        }
        if (refusal == null && AddressChecks.needsUtf8(mail.from()) && !p.smtpUtf8()) {
            refusal = UTF8_REQUIRED; // RFC 6531 3.5
        }
        if (refusal == null && s.authUser != null && !owns(s.authUser, mail.from())) {
            refusal = Reply.of(553, new EnhancedStatus(5, 7, 1), mail.from()
                    + ": Sender address rejected: not owned by user " + s.authUser.uid());
        }
        if (refusal != null) {
            s.reply(refusal);
            return;
        }
        if (!s.hooks.checks(Stage.MAIL)) {
            begin(s, tx);
            return;
        }
        s.offLoop(() -> s.hooks.mail(s.info, mail.from(), p), (verdict, e) -> {
            Reply r = e != null ? Replies.LOCAL_ERROR : HelloHandler.refusal(verdict);
            if (r != null) {
                s.reply(r);
            } else {
                begin(s, tx);
            }
        });
    }

    /** LMTP: no extension beyond SIZE and BODY=8BITMIME is advertised. */
    private static Reply lmtpParameters(MailParameters p) {
        if (!p.others().isEmpty() || p.smtpUtf8() || p.body() == BodyType.BINARY_MIME) {
            return Replies.PARAMETER_NOT_IMPLEMENTED;
        }
        return null;
    }

    /** SMTP: the DSN parameters go onto the transaction; null when all are acceptable. */
    private static Reply esmtpParameters(Transaction tx, MailParameters p) {
        for (Map.Entry<String, String> e : p.others().entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "RET": // RFC 3461 4.3
                    tx.ret = v.isEmpty() ? null : DsnParser.ret(v);
                    if (tx.ret == null) {
                        return Reply.of(501, EnhancedStatus.BAD_PARAMETER, "Bad RET value");
                    }
                    break;
                case "ENVID": // RFC 3461 4.4
                    String id = v.isEmpty() ? null : DsnParser.envid(v);
                    if (id == null) {
                        return Reply.of(501, EnhancedStatus.BAD_PARAMETER, "Bad ENVID value");
                    }
                    tx.envid = Optional.of(id);
                    break;
                case "AUTH": // RFC 4954 5: a relay's claim about the original submitter; we do not trust it
                    break;
                default:
                    return Replies.PARAMETER_NOT_IMPLEMENTED;
            }
        }
        if (tx.ret == null) {
            tx.ret = QueueEnvelope.Ret.UNSPECIFIED;
        }
        return null;
    }

    /**
     * True when {@code from} is the user's {@code mail} or one of its {@code mailAlternateAddress}es,
     * compared case-insensitively (as the directory looks addresses up). The null sender is allowed:
     * a user's own client may send a delivery report or a vacation notice with it (RFC 3834 3.3).
     */
    static boolean owns(User user, MailPath from) {
        if (from.isNull()) {
            return true;
        }
        String a = from.localPart().toLowerCase(Locale.ROOT) + "@" + from.domainLowerCase();
        if (a.equals(user.mail().toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (String alt : user.alternates()) {
            if (a.equals(alt.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static void begin(SmtpSession s, Transaction tx) {
        s.newTransaction(tx);
        s.state = SmtpSession.State.MAIL;
        MailLog.session(s.protocol(), "mail", s.ctx.channel().remoteAddress(),
                "id=" + tx.queueId + " from=" + tx.sender
                        + (s.info.authenticated() == null ? "" : " user=" + s.info.authenticated()));
        s.reply(Replies.SENDER_OK);
    }
}
