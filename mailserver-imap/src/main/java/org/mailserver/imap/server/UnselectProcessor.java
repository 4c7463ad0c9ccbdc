package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;

/** UNSELECT (RFC 3691): leaves the mailbox without expunging. */
final class UnselectProcessor implements Processor<ImapCommand.Unselect> {
    @Override
    public void process(ImapSession s, ImapCommand.Unselect command) {
        s.unselect();
        s.complete(command, "UNSELECT completed");
    }
}
