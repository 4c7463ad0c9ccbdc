package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;

/** NOOP (RFC 3501 6.1.2): the usual way to poll, so it rescans the folder for other programs' changes too. */
final class NoopProcessor implements Processor<ImapCommand.Noop> {
    @Override
    public void process(ImapSession s, ImapCommand.Noop command) {
        s.complete(command, "NOOP completed", true);
    }
}
