package org.mailserver.imap.server;

import java.util.Map;
import java.util.WeakHashMap;
import org.mailserver.store.Folder;

/**
 * When each folder's directories were last read for IDLE, process-wide. A thousand clients idling on
 * one mailbox need one scan per poll interval, not a thousand: a scan that finds a change fires the
 * folder's listener, which pushes it to every session at once. Thread-safe.
 */
final class ScanTimes {
    /** Folder objects are shared by the whole process while the folder exists; weak so deleted ones go. */
    private final Map<Folder, Long> last = new WeakHashMap<>();

    /** Whether {@code folder} is due for a scan (none within {@code intervalNanos}); if so, records one now. */
    synchronized boolean due(Folder folder, long intervalNanos) {
        long now = System.nanoTime();
        Long before = last.get(folder);
        // Slightly early counts: sessions' timers drift apart, and one of them must win each round.
        if (before != null && now - before < intervalNanos - intervalNanos / 10) {
            return false;
        }
        last.put(folder, now);
        return true;
    }
}
