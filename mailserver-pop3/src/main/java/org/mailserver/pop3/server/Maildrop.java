package org.mailserver.pop3.server;

import java.util.ArrayList;
import java.util.List;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;

/**
 * The listing of one POP3 session: a snapshot of INBOX taken at login, whose positions are the
 * message numbers (RFC 1939 5), and the deletion marks that QUIT commits. Used on the event loop only.
 */
final class Maildrop {
    private final Folder folder;
    private final List<MessageInfo> messages;
    private final boolean[] deleted;
    private final long uidValidity;

    /** Built on the blocking executor: {@link Folder#uidValidity()} may read a file. */
    Maildrop(Folder folder, List<MessageInfo> messages) {
        this.folder = folder;
        this.uidValidity = folder.uidValidity();
        this.messages = List.copyOf(messages);
        this.deleted = new boolean[messages.size()];
    }

    Folder folder() {
        return folder;
    }

    /** Messages not marked deleted. */
    int count() {
        int n = 0;
        for (boolean d : deleted) {
            n += d ? 0 : 1;
        }
        return n;
    }

    /** Octets of the messages not marked deleted. */
    long size() {
        long total = 0;
        for (int i = 0; i < deleted.length; i++) {
            total += deleted[i] ? 0 : messages.get(i).size();
        }
        return total;
    }

    /** Highest message number, deleted ones included. */
    int last() {
        return messages.size();
    }

    /** Null when message {@code n} exists and is not deleted, else the reason for {@code -ERR}. */
    String problem(int n) {
        if (n < 1 || n > messages.size()) {
            return "no such message";
        }
        return deleted[n - 1] ? "message " + n + " already deleted" : null;
    }

    /** Message {@code n}; check {@link #problem} first. */
    MessageInfo get(int n) {
        return messages.get(n - 1);
    }

    boolean isDeleted(int n) {
        return deleted[n - 1];
    }

    void delete(int n) {
        deleted[n - 1] = true;
    }

    /** RSET: unmarks every message. */
    void reset() {
        java.util.Arrays.fill(deleted, false);
    }

    List<Long> deletedUids() {
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < deleted.length; i++) {
            if (deleted[i]) {
                uids.add(messages.get(i).uid());
            }
        }
        return uids;
    }

    /** RFC 1939 7 UIDL: stable across sessions; Dovecot's default format (UID, then UIDVALIDITY). */
    String uidl(int n) {
        return String.format("%08x%08x", messages.get(n - 1).uid(), uidValidity);
    }
}
