package org.mailserver.imap.server;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.mailbox.MailboxLister;
import org.mailserver.store.UserMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LIST (RFC 3501 6.3.8) with LIST-EXTENDED (RFC 5258), CHILDREN (RFC 3348), SPECIAL-USE (RFC 6154)
 * and LIST-STATUS (RFC 5819: a STATUS response after each selectable LIST entry).
 */
final class ListProcessor implements Processor<ImapCommand.ListMailboxes> {
    private static final Logger LOG = LoggerFactory.getLogger(ListProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.ListMailboxes command) {
        if (command.status().contains(org.mailserver.imap.grammar.StatusItem.HIGHESTMODSEQ)) {
            s.enableCondstore(); // RFC 7162 3.1
        }
        UserMailbox mailbox = s.mailbox();
        s.runBlocking(() -> {
            List<MailboxLister.Entry> entries = MailboxLister.list(mailbox.folders(), mailbox.subscriptions(), command);
            List<String> lines = new ArrayList<>();
            for (MailboxLister.Entry entry : entries) {
                lines.add(forClient(s, entry).format());
                if (!command.status().isEmpty() && entry.wantsStatus()) {
                    try {
                        lines.add("* " + MailboxStatus.of(s, mailbox.folder(Names.toStore(entry.name())),
                                Utf8Names.forClient(s, entry.name()), command.status()));
                    } catch (NoSuchFileException gone) {
                        // deleted since it was listed: no STATUS for it
                    }
                }
            }
            return lines;
        }, (lines, error) -> {
            if (error instanceof IllegalArgumentException) {
                s.bad(command, error.getMessage());
            } else if (error != null) {
                LOG.warn("imap LIST failed for {}: {}", s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] cannot list mailboxes now, try again");
            } else {
                lines.forEach(line -> s.write(line + "\r\n"));
                s.complete(command, "LIST completed");
            }
        });
    }

    /** The entry with its name as the client reads names (UTF-8 under IMAP4rev2). */
    static MailboxLister.Entry forClient(ImapSession s, MailboxLister.Entry e) {
        String name = Utf8Names.forClient(s, e.name());
        return name.equals(e.name()) ? e : new MailboxLister.Entry(e.command(), name, e.attributes(), e.childInfo(), e.selected());
    }

    /** LSUB (RFC 3501 6.3.9), kept for older clients. */
    static final class Lsub implements Processor<ImapCommand.Lsub> {
        @Override
        public void process(ImapSession s, ImapCommand.Lsub command) {
            UserMailbox mailbox = s.mailbox();
            s.runBlocking(() -> MailboxLister.lsub(mailbox.folders(), mailbox.subscriptions(), command), (entries, error) -> {
                if (error != null) {
                    LOG.warn("imap LSUB failed for {}: {}", s.user().uid(), MailLog.clean(error.toString()));
                    s.no(command, "[UNAVAILABLE] cannot list subscriptions now, try again");
                } else {
                    entries.forEach(entry -> s.write(forClient(s, entry).format() + "\r\n"));
                    s.complete(command, "LSUB completed");
                }
            });
        }
    }
}
