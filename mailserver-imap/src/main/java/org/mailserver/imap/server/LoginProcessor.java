package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;

/** LOGIN (RFC 3501 6.2.3); refused on an unencrypted connection unless allowed (LOGINDISABLED). */
final class LoginProcessor implements Processor<ImapCommand.Login> {
    @Override
    public void process(ImapSession s, ImapCommand.Login command) {
        if (!s.loginAllowed()) {
            s.no(command, "[PRIVACYREQUIRED] use STARTTLS or port 993 before logging in");
            return;
        }
        ImapLogin.login(s, command, command.user(), command.password().toCharArray(), "LOGIN");
    }
}
