package org.mailserver.imap.server;

import java.util.Map;
import java.util.WeakHashMap;
import org.mailserver.store.Folder;

/**
 * Which session a message is \Recent for (RFC 3501 2.3.2): the first session that selects a folder
 * read-write after the message arrived. Kept in memory per folder as the highest UID claimed so far;
 * after a restart every message is new to the first session again, which RFC 3501 allows (and
 * IMAP4rev2, RFC 9051, drops \Recent altogether). Thread-safe.
 */
final class RecentTracker {
    /** Folder objects are shared by the whole process while the folder exists; weak so deleted ones go. */
    private final Map<Folder, long[]> claimed = new WeakHashMap<>();

    /**
     * Claims the UIDs up to {@code maxUid} for the caller and returns the highest UID claimed before:
     * messages above it are recent for the caller. For a read-only session, nothing is claimed.
     */
    synchronized long claim(Folder folder, long uidValidity, long maxUid, boolean readOnly) {
        long[] entry = claimed.get(folder);
        if (entry == null || entry[0] != uidValidity) {
            entry = new long[] {uidValidity, 0};
            claimed.put(folder, entry);
        }
        long before = entry[1];
        if (!readOnly && maxUid > before) {
            entry[1] = maxUid;
        }
        return before;
    }
}
