package org.mailserver.imap.server;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.delivery.DiskFull;
import org.mailserver.core.log.MailLog;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.SequenceSet;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COPY and UID COPY (RFC 3501 6.4.7) with COPYUID (RFC 4315); MOVE and UID MOVE (RFC 6851) are the
 * same copy followed by an expunge of the sources, see {@link MoveProcessor}.
 */
final class CopyProcessor implements Processor<ImapCommand.Copy> {
    private static final Logger LOG = LoggerFactory.getLogger(CopyProcessor.class);

    @Override
    public void process(ImapSession s, ImapCommand.Copy command) {
        run(s, command, command.uid(), command.set(), command.mailbox(), false);
    }

    /** The copy, and for MOVE the expunge; ends the command. */
    static void run(ImapSession s, ImapCommand command, boolean byUid, SequenceSet set, String mailbox, boolean move) {
        SelectedMailbox view = s.selected();
        int[] seqs = view.resolve(set, byUid);
        if (seqs == null) {
            s.bad(command, "invalid message sequence number");
            return;
        }
        if (move && view.readOnly()) {
            s.no(command, "[READ-ONLY] mailbox was opened with EXAMINE");
            return;
        }
        String target;
        try {
            target = Names.toStore(mailbox);
        } catch (IllegalArgumentException e) {
            // Not TRYCREATE: that tells the client CREATE would help (RFC 3501 6.4.7), and it cannot.
            s.no(command, "[CANNOT] " + e.getMessage());
            return;
        }
        List<MessageInfo> messages = new ArrayList<>();
        for (int seq : seqs) {
            if (!view.expungePending(seq)) {
                messages.add(view.info(seq));
            }
        }
        s.runBlocking(() -> {
            Folder to = s.mailbox().folder(target);
            CopyMessages.Copied copied = CopyMessages.copy(s, messages, view.folder(), to, move);
            if (move) {
                view.folder().expunge(copied.sourceUids());
            }
            return copied;
        }, (copied, error) -> {
            if (error instanceof NoSuchFileException) {
                s.no(command, "[TRYCREATE] no such mailbox");
            } else if (error instanceof CopyMessages.OverQuota) {
                s.no(command, "[OVERQUOTA] the copy would exceed your quota");
            } else if (error != null) {
                LOG.warn("imap {} to {} failed for {}: {}", command.name(), MailLog.clean(mailbox), s.user().uid(), error.toString());
                s.no(command, "[UNAVAILABLE] " + command.name() + (DiskFull.is(error)
                        ? " failed: the server has no disk space left, nothing was copied; try again later"
                        : " failed, nothing was copied; try again"));
            } else if (copied.sourceUids().isEmpty()) {
                s.complete(command, command.name() + " completed, nothing to copy");
            } else if (move) {
                // RFC 6851 4.3: COPYUID in an untagged OK before the EXPUNGE responses.
                s.untagged("OK [" + copied.copyUid() + "] moved");
                s.complete(command, command.name() + " completed");
            } else {
                s.complete(command, "[" + copied.copyUid() + "] " + command.name() + " completed");
            }
        });
    }
}
