package org.mailserver.imap.server;

import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;

/** ID (RFC 2971): logs what the client says about itself and names this server. */
final class IdProcessor implements Processor<ImapCommand.Id> {
    @Override
    public void process(ImapSession s, ImapCommand.Id command) {
        if (command.parameters() != null && !command.parameters().isEmpty()) {
            MailLog.session(ImapSession.PROTOCOL, "id", s.channel().remoteAddress(),
                    MailLog.clean(command.parameters().toString()));
        }
        s.untagged("ID (\"name\" \"mailserver\" \"vendor\" \"mailserver\")");
        s.complete(command, "ID completed");
    }
}
