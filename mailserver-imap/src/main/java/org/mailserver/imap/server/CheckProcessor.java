package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;

/**
 * CHECK (RFC 3501 6.4.1): every change is already durable when its command completes (the store
 * fsyncs before answering), so there is nothing to do but report changes, as NOOP does.
 */
final class CheckProcessor implements Processor<ImapCommand.Check> {
    @Override
    public void process(ImapSession s, ImapCommand.Check command) {
        s.complete(command, "CHECK completed", true);
    }
}
