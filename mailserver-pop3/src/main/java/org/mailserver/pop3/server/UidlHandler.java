package org.mailserver.pop3.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/** UIDL [msg] (RFC 1939 7): unique ids that stay the same across sessions (see {@link Maildrop#uidl}). */
final class UidlHandler implements CommandHandler<Pop3Command.Uidl> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Uidl command) {
        Maildrop m = s.maildrop();
        if (command.message().isPresent()) {
            int n = command.message().getAsInt();
            String problem = m.problem(n);
            s.reply(problem != null ? Pop3Reply.err(problem) : Pop3Reply.ok(n + " " + m.uidl(n)));
            return;
        }
        List<String> lines = new ArrayList<>(m.count());
        for (int n = 1; n <= m.last(); n++) {
            if (!m.isDeleted(n)) {
                lines.add(n + " " + m.uidl(n));
            }
        }
        s.reply(Pop3Reply.ok("unique-id listing follows", lines));
    }
}
