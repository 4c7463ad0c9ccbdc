package org.mailserver.pop3.server;

import java.util.List;
import java.util.Set;
import org.mailserver.core.log.MailLog;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;
import org.mailserver.pop3.grammar.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUIT (RFC 1939 4 and 6). In TRANSACTION it enters UPDATE: the marked messages are removed (off
 * the event loop), the maildrop lock is released, and only then {@code +OK} is sent, so a client
 * that logs in again at once finds the maildrop unlocked and the deletions done. The lock is held
 * until the removal ends even if the connection goes meanwhile (idle timer, reset).
 */
final class QuitHandler implements CommandHandler<Pop3Command.Quit> {
    private static final Logger LOG = LoggerFactory.getLogger(QuitHandler.class);

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Quit command) {
        String bye = s.context().hostname() + " POP3 server signing off";
        if (s.state() == Pop3State.AUTHORIZATION) {
            s.replyAndClose(Pop3Reply.ok(bye));
            return;
        }
        MailLog.session(Pop3Session.PROTOCOL, "logout", s.channel().remoteAddress(), "user=" + s.user().uid());
        Maildrop m = s.maildrop();
        List<Long> uids = m.deletedUids();
        if (uids.isEmpty()) {
            s.state(Pop3State.UPDATE);
            s.releaseLock();
            s.replyAndClose(Pop3Reply.ok(bye + " (" + m.count() + " messages left)"));
            return;
        }
        s.beginUpdate();
        // Not runBlocking: its callback is skipped once the client has gone, but the lock must be
        // released only after the removal, also for a client that sent QUIT and closed at once.
        s.context().executor().run(() -> m.folder().expunge(uids), s.channel().eventLoop(), (removed, error) -> {
            s.endUpdate(removed == null ? 0 : removed.size());
            if (error != null) {
                LOG.error("pop3 expunge failed for {}", s.user().uid(), error);
                // RFC 1939 6: -ERR when some deleted messages could not be removed.
                s.replyAndClose(Pop3Reply.err(ResponseCode.SYS_TEMP, "some deleted messages not removed"));
                return;
            }
            s.replyAndClose(Pop3Reply.ok(bye + " (" + m.count() + " messages left)"));
        });
    }
}
