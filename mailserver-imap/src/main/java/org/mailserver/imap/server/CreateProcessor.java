package org.mailserver.imap.server;

import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.Optional;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.mailbox.MailboxNames;
import org.mailserver.imap.mailbox.SpecialUse;
import org.mailserver.store.UserMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CREATE (RFC 3501 6.3.3): superior names that are missing are created too; a trailing delimiter is
 * dropped. The special-use folders are fixed by name (Sent, Drafts, Trash, Junk, Archive), so a
 * {@code (USE (...))} that does not match the name is refused {@code NO [USEATTR]} (RFC 6154 5.3).
 */
final class CreateProcessor implements Processor<ImapCommand.Create> {
    private static final Logger LOG = LoggerFactory.getLogger(CreateProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Create command) {
        String name;
        String storeName;
        List<String> parents;
        try {
            name = MailboxNames.canonical(MailboxNames.withoutTrailingDelimiter(command.mailbox()));
            storeName = Names.toStore(name);
            parents = MailboxNames.parents(name);
        } catch (IllegalArgumentException e) {
            s.no(command, "[CANNOT] " + e.getMessage());
            return;
        }
        if (MailboxNames.isInbox(name)) {
            s.no(command, "[ALREADYEXISTS] INBOX always exists");
            return;
        }
        for (String use : command.specialUse()) {
            Optional<SpecialUse> byName = SpecialUse.ofMailbox(name);
            if (byName.isEmpty() || !byName.get().attribute().equalsIgnoreCase(use)) {
                s.no(command, "[USEATTR] special-use attributes follow the folder name here (" + use + ")");
                return;
            }
        }
        UserMailbox mailbox = s.mailbox();
        s.runBlocking(() -> {
            for (String parent : parents) {
                if (!MailboxNames.isInbox(parent)) {
                    try {
                        mailbox.create(Names.toStore(parent));
                    } catch (FileAlreadyExistsException exists) {
                        // already there: fine
                    }
                }
            }
            mailbox.create(storeName);
            return name;
        }, (created, error) -> {
            if (error instanceof FileAlreadyExistsException) {
                s.no(command, "[ALREADYEXISTS] mailbox already exists");
            } else if (error instanceof IllegalArgumentException) {
                s.no(command, "[CANNOT] " + error.getMessage());
            } else if (error != null) {
                LOG.warn("imap CREATE {} failed for {}: {}", MailLog.clean(name), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] cannot create the mailbox now, try again");
            } else {
                s.complete(command, "CREATE completed");
            }
        });
    }
}
