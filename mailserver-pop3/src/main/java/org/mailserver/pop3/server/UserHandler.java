package org.mailserver.pop3.server;

import java.util.Set;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/**
 * USER (RFC 1939 7). Accepts any name: whether it exists is only told after PASS, and then only as
 * "authentication failed", so names cannot be probed.
 */
final class UserHandler implements CommandHandler<Pop3Command.User> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.AUTHORIZATION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.User command) {
        if (!s.loginAllowed()) {
            s.reply(Pop3Login.PLAINTEXT_REFUSED);
            return;
        }
        s.pendingUser(command.name());
        s.reply(Pop3Reply.ok("send PASS"));
    }
}
