package org.mailserver.smtp.server;

import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.auth.SaslExchange;
import org.mailserver.core.filter.Stage;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.Reply;

/**
 * HELO, EHLO (RFC 5321 4.1.1.1) and LHLO (RFC 2033 4.1): resets the transaction and lists the
 * extensions. LMTP answers HELO and EHLO with 500 (RFC 2033 4.1), SMTP answers LHLO the same way.
 */
final class HelloHandler {

    private HelloHandler() {
    }

    static void handle(SmtpSession s, String domain, boolean extended, boolean allowed) {
        if (!allowed) {
            s.error(Reply.of(500, EnhancedStatus.INVALID_COMMAND, s.config.dialect() == Dialect.LMTP
                    ? "This is LMTP: use LHLO (RFC 2033 4.1)" : "Command unrecognized"));
            return;
        }
        if (s.state == SmtpSession.State.DATA) {
            return; // cannot happen: the decoder is in data mode
        }
        SessionInfo next = s.info.withHelo(domain, extended);
        if (!s.hooks.checks(Stage.HELO)) {
            greet(s, next);
            return;
        }
        s.offLoop(() -> s.hooks.helo(next), (verdict, e) -> {
            Reply refusal = e != null ? Replies.LOCAL_ERROR : refusal(verdict);
            if (refusal != null) {
                s.reply(refusal);
            } else {
                greet(s, next);
            }
        });
    }

    private static void greet(SmtpSession s, SessionInfo next) {
        s.newTransaction(null); // RFC 5321 4.1.4: EHLO resets like RSET
        s.info = next;
        s.state = SmtpSession.State.READY;
        String host = s.server.hostname();
        if (!next.extended()) {
            s.reply(Reply.of(250, null, host));
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(host);
        lines.add("PIPELINING");
        lines.add("SIZE " + s.config.maxMessageSize());
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("8BITMIME");
        if (s.config.dialect() == Dialect.ESMTP) {
            lines.add("SMTPUTF8"); // RFC 6531 3.2
            lines.add("CHUNKING"); // RFC 3030 2; BINARYMIME only with BDAT (RFC 3030 3)
            lines.add("BINARYMIME");
            lines.add("DSN"); // RFC 3461 4
            if (next.tls()) {
                // RFC 4954 4 / RFC 8314 3: passwords only ever over TLS, so AUTH is not even offered before
                lines.add("AUTH " + String.join(" ", SaslExchange.MECHANISMS));
            }
        }
        if (s.server.tls() != null && !next.tls()) {
            lines.add("STARTTLS");
        }
        // RFC 2034 3: the EHLO reply carries no enhanced codes, so none here
        s.reply(new Reply(250, null, lines));
    }

    /** The reply for a hook's verdict, or null to go on. */
    static Reply refusal(HookVerdict verdict) {
        if (verdict instanceof HookVerdict.Reject r) {
            return r.reply();
        }
        if (verdict instanceof HookVerdict.Defer d) {
            return d.reply();
        }
        return null;
    }
}
