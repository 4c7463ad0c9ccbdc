package org.mailserver.pop3.server;

import java.util.Set;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/** RSET (RFC 1939 5): unmarks every message marked deleted. */
final class RsetHandler implements CommandHandler<Pop3Command.Rset> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Rset command) {
        Maildrop m = s.maildrop();
        m.reset();
        s.reply(Pop3Reply.ok("maildrop has " + m.count() + " messages (" + m.size() + " octets)"));
    }
}
