package org.mailserver.pop3.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/** LIST [msg] (RFC 1939 5): sizes as stored, which is as sent (CRLF line ends). */
final class ListHandler implements CommandHandler<Pop3Command.List> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.List command) {
        Maildrop m = s.maildrop();
        if (command.message().isPresent()) {
            int n = command.message().getAsInt();
            String problem = m.problem(n);
            s.reply(problem != null ? Pop3Reply.err(problem) : Pop3Reply.ok(n + " " + m.get(n).size()));
            return;
        }
        List<String> lines = new ArrayList<>(m.count());
        for (int n = 1; n <= m.last(); n++) {
            if (!m.isDeleted(n)) {
                lines.add(n + " " + m.get(n).size());
            }
        }
        s.reply(Pop3Reply.ok(m.count() + " messages (" + m.size() + " octets)", lines));
    }
}
