package org.mailserver.imap.server;

import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.store.MessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EXPUNGE (RFC 3501 6.4.3) and UID EXPUNGE (RFC 4315 2.1): removes the messages marked \Deleted
 * (for UID EXPUNGE, only those also in the UID set). The untagged EXPUNGE responses come from the
 * rescan that ends every command, so they are numbered as the client counts, along with whatever
 * other sessions changed meanwhile.
 */
final class ExpungeProcessor implements Processor<ImapCommand.Expunge> {
    private static final Logger LOG = LoggerFactory.getLogger(ExpungeProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Expunge command) {
        SelectedMailbox view = s.selected();
        if (view.readOnly()) {
            s.no(command, "[READ-ONLY] mailbox was opened with EXAMINE");
            return;
        }
        s.runBlocking(() -> {
            List<Long> targets = new ArrayList<>();
            for (long uid : CloseProcessor.deleted(view.folder().sync())) {
                if (command.uids() == null || command.uids().contains(uid, view.maxUid())) {
                    targets.add(uid);
                }
            }
            return view.folder().expunge(targets);
        }, (removed, error) -> {
            if (error != null) {
                LOG.warn("imap EXPUNGE failed in {} of {}: {}", MailLog.clean(view.name()), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] messages could not be removed, try again");
            } else {
                s.complete(command, command.name() + " completed", true);
            }
        });
    }
}
