package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;

/** CAPABILITY (RFC 3501 6.1.1). */
final class CapabilityProcessor implements Processor<ImapCommand.Capability> {
    @Override
    public void process(ImapSession s, ImapCommand.Capability command) {
        s.untagged("CAPABILITY " + Capabilities.of(s));
        s.complete(command, "CAPABILITY completed");
    }
}
