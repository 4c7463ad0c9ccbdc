package org.mailserver.imap.server;

import java.io.IOException;
import java.util.List;
import org.mailserver.imap.grammar.ImapStrings;
import org.mailserver.imap.grammar.StatusItem;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;

/** The {@code * STATUS} response of a folder (RFC 3501 7.2.4, RFC 8438 SIZE, RFC 9051 DELETED). */
final class MailboxStatus {
    private MailboxStatus() {
    }

    /** Blocking: rescans the folder and writes the response line without {@code * } and CRLF. */
    static String of(ImapSession s, Folder folder, String imapName, List<StatusItem> items) throws IOException {
        List<MessageInfo> messages = folder.sync();
        StringBuilder out = new StringBuilder("STATUS ").append(ImapStrings.astring(imapName)).append(" (");
        boolean first = true;
        for (StatusItem item : items) {
            out.append(first ? "" : " ").append(item.imapName()).append(' ').append(value(s, folder, messages, item));
            first = false;
        }
        return out.append(')').toString();
    }

    private static long value(ImapSession s, Folder folder, List<MessageInfo> messages, StatusItem item) {
        return switch (item) {
            case MESSAGES -> messages.size();
            case RECENT -> {
                long max = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
                long claimed = s.recentTracker().claim(folder, folder.uidValidity(), max, true);
                yield messages.stream().filter(m -> m.uid() > claimed).count();
            }
            case UIDNEXT -> folder.uidNext();
            case UIDVALIDITY -> folder.uidValidity();
            case UNSEEN -> messages.stream().filter(m -> !m.flags().contains(Flag.SEEN)).count();
            case SIZE -> messages.stream().mapToLong(MessageInfo::size).sum();
            case DELETED -> messages.stream().filter(m -> m.flags().contains(Flag.DELETED)).count();
            case HIGHESTMODSEQ -> folder.highestModSeq();
        };
    }
}
