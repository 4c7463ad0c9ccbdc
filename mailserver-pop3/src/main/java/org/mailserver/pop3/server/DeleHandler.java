package org.mailserver.pop3.server;

import java.util.Set;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/** DELE (RFC 1939 5): only marks; QUIT removes marked messages in the UPDATE state. */
final class DeleHandler implements CommandHandler<Pop3Command.Dele> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Dele command) {
        Maildrop m = s.maildrop();
        int n = command.message();
        String problem = m.problem(n);
        if (problem != null) {
            s.reply(Pop3Reply.err(problem));
            return;
        }
        m.delete(n);
        s.reply(Pop3Reply.ok("message " + n + " deleted"));
    }
}
