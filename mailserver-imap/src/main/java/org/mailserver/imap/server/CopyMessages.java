package org.mailserver.imap.server;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;

/**
 * The copy step shared by COPY and MOVE (RFC 3501 6.4.7, RFC 6851): each message is appended to the
 * target with its flags and internal date (durably, one by one), in the order of the set. If one
 * fails, the copies already made are removed again, so the command is all or nothing as RFC 3501
 * asks ("the destination mailbox SHOULD be unchanged").
 */
final class CopyMessages {

    /** What was copied: source UIDs and the new UIDs, pairwise, for COPYUID (RFC 4315 3). */
    record Copied(long uidValidity, List<Long> sourceUids, List<Long> targetUids) {
        String copyUid() {
            return "COPYUID " + uidValidity + " " + UidSets.format(sourceUids) + " " + UidSets.format(targetUids);
        }
    }

    /** Thrown when the user's quota would be exceeded. */
    static final class OverQuota extends IOException {
        OverQuota() {
            super("over quota");
        }
    }

    private CopyMessages() {
    }

    /**
     * Blocking. {@code messages} in ascending UID order; messages expunged meanwhile are skipped.
     *
     * @param move the copies replace the sources (MOVE): the quota is not checked, as the mailbox does
     *     not grow; otherwise a user near the limit could not even move mail to the Trash to delete it
     */
    static Copied copy(ImapSession s, List<MessageInfo> messages, Folder source, Folder target, boolean move)
            throws IOException {
        long bytes = 0;
        for (MessageInfo info : messages) {
            bytes += info.size();
        }
        if (!move && Quota.exceeded(s.user(), s.mailbox(), bytes, messages.size())) {
            throw new OverQuota();
        }
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        try {
            for (MessageInfo info : messages) {
                try {
                    long uid = target.append(new FolderMessage(source, info), info.flags(), info.keywords(),
                            info.internalDate());
                    from.add(info.uid());
                    to.add(uid);
                } catch (NoSuchFileException gone) {
                    // expunged by another session since the client saw it: nothing to copy (RFC 2180 4.4)
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                target.expunge(to);
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        return new Copied(target.uidValidity(), from, to);
    }
}
