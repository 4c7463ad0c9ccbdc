package org.mailserver.imap.server;

import org.mailserver.imap.grammar.ImapCommand;

/** NAMESPACE (RFC 2342): one personal namespace, no prefix, '/' as hierarchy delimiter; no shared ones. */
final class NamespaceProcessor implements Processor<ImapCommand.Namespace> {
    @Override
    public void process(ImapSession s, ImapCommand.Namespace command) {
        s.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
        s.complete(command, "NAMESPACE completed");
    }
}
