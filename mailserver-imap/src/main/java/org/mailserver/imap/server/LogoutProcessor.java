package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;

/** LOGOUT (RFC 3501 6.1.3): BYE, the tagged OK, then the connection closes. Nothing is expunged. */
final class LogoutProcessor implements Processor<ImapCommand.Logout> {
    @Override
    public void process(ImapSession s, ImapCommand.Logout command) {
        s.untagged("BYE logging out");
        s.unselect();
        s.write(command.tag() + " OK LOGOUT completed\r\n");
        s.closeAfterFlush();
    }
}
