package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;

/**
 * MOVE and UID MOVE (RFC 6851): copy, then expunge the sources; the EXPUNGE responses come from the
 * rescan at the end of the command, after the untagged {@code OK [COPYUID ...]} (RFC 6851 4.3). Not
 * atomic across a crash between the two steps: the message is then in both mailboxes, never in
 * neither, which RFC 6851 3.3 accepts.
 */
final class MoveProcessor implements Processor<ImapCommand.Move> {
    @Override
    public void process(ImapSession s, ImapCommand.Move command) {
        CopyProcessor.run(s, command, command.uid(), command.set(), command.mailbox(), true);
    }
}
