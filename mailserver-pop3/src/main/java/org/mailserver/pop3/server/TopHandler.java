package org.mailserver.pop3.server;

import java.util.Set;
import org.mailserver.pop3.grammar.DotStuffer;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/** TOP msg n (RFC 1939 7): the header, the empty line, and n lines of the body. */
final class TopHandler implements CommandHandler<Pop3Command.Top> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.TRANSACTION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Top command) {
        int n = command.message();
        String problem = s.maildrop().problem(n);
        if (problem != null) {
            s.reply(Pop3Reply.err(problem));
            return;
        }
        MessageStreamer.send(s, n, s.maildrop().get(n), new DotStuffer(command.lines()), "top of message follows",
                () -> { });
    }
}
