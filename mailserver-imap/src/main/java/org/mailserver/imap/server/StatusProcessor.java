package org.mailserver.imap.server;

import java.nio.file.NoSuchFileException;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** STATUS (RFC 3501 6.3.10). */
final class StatusProcessor implements Processor<ImapCommand.Status> {
    private static final Logger LOG = LoggerFactory.getLogger(StatusProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Status command) {
        if (command.items().contains(org.mailserver.imap.grammar.StatusItem.HIGHESTMODSEQ)) {
            s.enableCondstore(); // RFC 7162 3.1
        }
        String storeName;
        try {
            storeName = Names.toStore(command.mailbox());
        } catch (IllegalArgumentException e) {
            s.no(command, "[NONEXISTENT] " + e.getMessage());
            return;
        }
        s.runBlocking(() -> MailboxStatus.of(s, s.mailbox().folder(storeName),
                Utf8Names.forClient(s, command.mailbox()), command.items()),
                (line, error) -> {
                    if (error instanceof NoSuchFileException) {
                        s.no(command, "[NONEXISTENT] no such mailbox");
                    } else if (error != null) {
                        LOG.warn("imap STATUS of {} failed for {}: {}", MailLog.clean(command.mailbox()), s.user().uid(), error.toString());
                        s.no(command, "[UNAVAILABLE] cannot read the mailbox now, try again");
                    } else {
                        s.untagged(line);
                        s.complete(command, "STATUS completed");
                    }
                });
    }
}
