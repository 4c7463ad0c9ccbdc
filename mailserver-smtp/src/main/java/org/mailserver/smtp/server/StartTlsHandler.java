package org.mailserver.smtp.server;

import io.netty.handler.ssl.SslHandler;
import org.mailserver.core.log.MailLog;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.Reply;

/**
 * STARTTLS (RFC 3207). Anything the client pipelined after the command is plaintext that an
 * attacker may have injected (RFC 3207 4.2, CVE-2011-0411 and its kin): it is dropped before the TLS
 * handler goes in, and the session returns to the state before any greeting.
 */
final class StartTlsHandler {

    private StartTlsHandler() {
    }

    static void handle(SmtpSession s) {
        if (s.server.tls() == null) {
            s.error(Reply.of(502, EnhancedStatus.INVALID_COMMAND, "STARTTLS not available"));
            return;
        }
        if (s.info.tls()) {
            s.error(Reply.of(503, EnhancedStatus.INVALID_COMMAND, "TLS already active"));
            return;
        }
        if (s.state == SmtpSession.State.MAIL) {
            s.error(Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Mail transaction in progress"));
            return;
        }
        s.decoder.discardBuffered();
        // startTls=true: the 220 below still goes out in plaintext, the handshake follows it
        SslHandler tls = new SslHandler(s.server.tls().newEngine(s.ctx.alloc()), true);
        s.ctx.pipeline().addFirst("tls", tls);
        s.ctx.writeAndFlush(Reply.of(220, EnhancedStatus.OK, "Ready to start TLS"));
        s.newTransaction(null);
        s.info = s.info.afterStartTls();
        s.authUser = null; // RFC 3207 4.2: nothing learnt before TLS survives it
        s.state = SmtpSession.State.GREETED;
        MailLog.session(s.protocol(), "starttls", s.ctx.channel().remoteAddress(), null);
    }
}
