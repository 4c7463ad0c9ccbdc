package org.mailserver.imap.server;

import java.nio.file.NoSuchFileException;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.mailbox.MailboxNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DELETE (RFC 3501 6.3.4): removes the folder and its messages; its children stay (their parent is
 * then listed {@code \NonExistent}, RFC 5258). INBOX cannot be deleted. Deleting the mailbox this
 * session has selected deselects it first.
 */
final class DeleteProcessor implements Processor<ImapCommand.Delete> {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Delete command) {
        String name;
        String storeName;
        try {
            name = MailboxNames.canonical(command.mailbox());
            storeName = Names.toStore(name);
        } catch (IllegalArgumentException e) {
            s.no(command, "[NONEXISTENT] " + e.getMessage());
            return;
        }
        if (MailboxNames.isInbox(name)) {
            s.no(command, "[CANNOT] INBOX cannot be deleted");
            return;
        }
        if (s.selected() != null && s.selected().folder().name().equals(storeName)) {
            s.unselect();
        }
        s.runBlocking(() -> {
            s.mailbox().delete(storeName);
            s.mailbox().subscribe(storeName, false);
            return name;
        }, (deleted, error) -> {
            if (error instanceof NoSuchFileException) {
                s.no(command, "[NONEXISTENT] no such mailbox");
            } else if (error instanceof IllegalArgumentException) {
                s.no(command, "[CANNOT] " + error.getMessage());
            } else if (error != null) {
                LOG.warn("imap DELETE {} failed for {}: {}", MailLog.clean(name), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] cannot delete the mailbox now, try again");
            } else {
                s.complete(command, "DELETE completed");
            }
        });
    }
}
