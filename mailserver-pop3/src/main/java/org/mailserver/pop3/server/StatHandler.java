package org.mailserver.pop3.server;

import java.util.Set;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/** STAT (RFC 1939 5): count and octets of the messages not marked deleted. */
final class StatHandler implements CommandHandler<Pop3Command.Stat> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Stat command) {
        Maildrop m = s.maildrop();
        s.reply(Pop3Reply.ok(m.count() + " " + m.size()));
    }
}
