package org.mailserver.pop3.server;

import java.util.Set;
import org.mailserver.pop3.grammar.DotStuffer;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;
import org.mailserver.store.MessageInfo;

/** RETR (RFC 1939 5): the whole message, streamed by {@link MessageStreamer}. */
final class RetrHandler implements CommandHandler<Pop3Command.Retr> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Retr command) {
        int n = command.message();
        String problem = s.maildrop().problem(n);
        if (problem != null) {
            s.reply(Pop3Reply.err(problem));
            return;
        }
        MessageInfo m = s.maildrop().get(n);
        MessageStreamer.send(s, n, m, new DotStuffer(), m.size() + " octets", s::retrieved);
    }
}
