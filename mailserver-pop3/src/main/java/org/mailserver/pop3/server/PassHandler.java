package org.mailserver.pop3.server;

import java.util.Set;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/** PASS (RFC 1939 7): completes USER; after a failure the client starts again with USER or AUTH. */
final class PassHandler implements CommandHandler<Pop3Command.Pass> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.AUTHORIZATION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Pass command) {
        String user = s.pendingUser();
        if (user == null) {
            s.reply(Pop3Reply.err("USER first"));
            return;
        }
        s.pendingUser(null);
        Pop3Login.login(s, user, command.password().toCharArray(), "USER");
    }
}
