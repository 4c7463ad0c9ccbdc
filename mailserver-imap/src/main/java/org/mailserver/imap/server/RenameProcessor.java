package org.mailserver.imap.server;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.mailbox.MailboxNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RENAME (RFC 3501 6.3.5): the folder and its children; missing superior names of the new name are
 * created. Renaming INBOX (which moves its messages to a new folder) is not supported yet and is
 * refused {@code NO [CANNOT]}. A session that has the old name selected is deselected first.
 */
final class RenameProcessor implements Processor<ImapCommand.Rename> {
    private static final Logger LOG = LoggerFactory.getLogger(RenameProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Rename command) {
        String from;
        String to;
        List<String> parents;
        try {
            from = Names.toStore(command.from());
            to = Names.toStore(MailboxNames.withoutTrailingDelimiter(command.to()));
            parents = MailboxNames.parents(MailboxNames.withoutTrailingDelimiter(command.to()));
        } catch (IllegalArgumentException e) {
            s.no(command, "[CANNOT] " + e.getMessage());
            return;
        }
        if (MailboxNames.isInbox(command.from())) {
            s.no(command, "[CANNOT] renaming INBOX is not supported");
            return;
        }
        if (MailboxNames.isInbox(command.to())) {
            s.no(command, "[ALREADYEXISTS] INBOX always exists");
            return;
        }
        if (s.selected() != null && s.selected().folder().name().equals(from)) {
            s.unselect();
        }
        s.runBlocking(() -> {
            List<String> folders = s.mailbox().folders();
            if (!folders.contains(from)) {
                throw new NoSuchFileException(from); // before any parent is made: a failed RENAME changes nothing
            }
            for (String parent : parents) {
                if (!MailboxNames.isInbox(parent) && !folders.contains(Names.toStore(parent))) {
                    try {
                        s.mailbox().create(Names.toStore(parent));
                    } catch (FileAlreadyExistsException exists) {
                        // created meanwhile
                    }
                }
            }
            s.mailbox().rename(from, to);
            // the subscriptions go with the folder and its children, as the names do
            for (String subscribed : new ArrayList<>(s.mailbox().subscriptions())) {
                if (subscribed.equals(from) || subscribed.startsWith(from + ".")) {
                    s.mailbox().subscribe(subscribed, false);
                    s.mailbox().subscribe(to + subscribed.substring(from.length()), true);
                }
            }
            return to;
        }, (renamed, error) -> {
            if (error instanceof NoSuchFileException) {
                s.no(command, "[NONEXISTENT] no such mailbox");
            } else if (error instanceof FileAlreadyExistsException) {
                s.no(command, "[ALREADYEXISTS] the new name exists already");
            } else if (error instanceof IllegalArgumentException) {
                s.no(command, "[CANNOT] " + error.getMessage());
            } else if (error != null) {
                LOG.warn("imap RENAME {} failed for {}: {}", MailLog.clean(command.from()), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] cannot rename the mailbox now, try again");
            } else {
                s.complete(command, "RENAME completed");
            }
        });
    }
}
