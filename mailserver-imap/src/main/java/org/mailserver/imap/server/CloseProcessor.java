package org.mailserver.imap.server;

import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLOSE (RFC 3501 6.4.2): removes the messages marked \Deleted (unless the mailbox is read-only),
 * without untagged EXPUNGE responses, and leaves the mailbox. A failure to remove is reported NO, but
 * the mailbox is left all the same.
 */
final class CloseProcessor implements Processor<ImapCommand.Close> {
    private static final Logger LOG = LoggerFactory.getLogger(CloseProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Close command) {
        SelectedMailbox view = s.selected();
        s.unselect();
        if (view.readOnly()) {
            s.complete(command, "CLOSE completed");
            return;
        }
        Folder folder = view.folder();
        s.runBlocking(() -> folder.expunge(deleted(folder.sync())), (removed, error) -> {
            if (error != null) {
                LOG.warn("imap CLOSE could not expunge {} of {}: {}", MailLog.clean(view.name()), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] mailbox closed, but deleted messages could not be removed");
            } else {
                s.complete(command, "CLOSE completed");
            }
        });
    }

    static List<Long> deleted(List<MessageInfo> messages) {
        List<Long> out = new ArrayList<>();
        for (MessageInfo info : messages) {
            if (info.flags().contains(Flag.DELETED)) {
                out.add(info.uid());
            }
        }
        return out;
    }
}
