package org.mailserver.store;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A folder's messages at one moment, in ascending UID order: immutable, and shared. A folder hands
 * the same snapshot to every caller until it changes, then builds a new one (copy on write), so
 * sessions that look at one folder share one array of its messages instead of holding one each,
 * and "did anything change?" is an identity test ({@code a == b}).
 *
 * <p>Memory: one reference per message, to the {@link MessageInfo} the store hands out anyway (it
 * keeps one per message until the message changes). A lookup by UID is a binary search.
 *
 * <p>Threading: immutable, safe to share between threads once obtained.
 */
public final class FolderSnapshot {

    /** A snapshot of an empty folder. */
    public static final FolderSnapshot EMPTY = new FolderSnapshot(new MessageInfo[0]);

    private final MessageInfo[] infos;
    private final List<MessageInfo> list;

    private FolderSnapshot(MessageInfo[] infos) {
        this.infos = infos;
        this.list = new Listed(infos);
    }

    /**
     * A snapshot of these messages, copied. Throws IllegalArgumentException unless their UIDs
     * ascend strictly (a folder never lists a UID twice).
     */
    public static FolderSnapshot of(List<MessageInfo> ascending) {
        if (ascending.isEmpty()) {
            return EMPTY;
        }
        MessageInfo[] infos = ascending.toArray(new MessageInfo[0]);
        for (int i = 1; i < infos.length; i++) {
            if (infos[i].uid() <= infos[i - 1].uid()) {
                throw new IllegalArgumentException("UIDs not ascending at index " + i + ": " + infos[i - 1].uid()
                        + ", " + infos[i].uid());
            }
        }
        return new FolderSnapshot(infos);
    }

    /** The number of messages. */
    public int size() {
        return infos.length;
    }

    /** The message at {@code index} (0-based, ascending UID order). */
    public MessageInfo info(int index) {
        return infos[index];
    }

    /** The UID of the message at {@code index}. */
    public long uid(int index) {
        return infos[index].uid();
    }

    /** The highest UID, 0 when empty. */
    public long maxUid() {
        return infos.length == 0 ? 0 : infos[infos.length - 1].uid();
    }

    /** The index of the message with this UID, or -1. */
    public int indexOf(long uid) {
        int i = lowerBound(uid);
        return i < infos.length && infos[i].uid() == uid ? i : -1;
    }

    /** The index of the first message with a UID of at least {@code uid}; {@link #size()} if none. */
    public int lowerBound(long uid) {
        int lo = 0;
        int hi = infos.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (infos[mid].uid() < uid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The messages as an unmodifiable list, without copying. */
    public List<MessageInfo> asList() {
        return list;
    }

    @Override
    public String toString() {
        return "FolderSnapshot[" + infos.length + " messages, max UID " + maxUid() + "]";
    }

    /** The read-only list view of {@link #asList()}. */
    private static final class Listed extends AbstractList<MessageInfo> implements RandomAccess {
        private final MessageInfo[] infos;

        Listed(MessageInfo[] infos) {
            this.infos = infos;
        }

        @Override
        public MessageInfo get(int index) {
            return infos[index];
        }

        @Override
        public int size() {
            return infos.length;
        }
    }
}
