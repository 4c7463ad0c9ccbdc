package org.mailserver.pop3.server;

import java.util.Set;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/** NOOP (RFC 1939 5). */
final class NoopHandler implements CommandHandler<Pop3Command.Noop> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Noop command) {
        s.reply(Pop3Reply.ok(""));
    }
}
