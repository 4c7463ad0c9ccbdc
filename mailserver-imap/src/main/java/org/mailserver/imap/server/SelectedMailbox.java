package org.mailserver.imap.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailserver.imap.grammar.SequenceSet;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;

/**
 * A session's view of its selected mailbox: message sequence numbers, the UID of each, and the flags
 * the client was last told (RFC 3501 2.3.1.2, 5.2, 7.4.1).
 *
 * <p>The view changes only through {@link #apply}, which compares a fresh listing of the folder with
 * the view and returns the untagged responses that tell the client: flag changes ({@code FETCH}),
 * messages gone ({@code EXPUNGE}, only when the command allows it, else they stay in the view as
 * "expunge pending" until a command that allows it), and new ones ({@code EXISTS}, {@code RECENT}).
 *
 * <p>Memory: a UID (8 octets) and a reference to the store's shared {@link MessageInfo} per message;
 * the store hands out the same info object until the message changes, so an unchanged message costs
 * no comparison of flags.
 *
 * <p>Threading: owned by one session, which runs one command at a time; {@link #apply} and
 * {@link #open} may run on the blocking executor while the session waits for them. Only
 * {@link #changed} is touched from other threads.
 */
final class SelectedMailbox {
    private final Folder folder;
    private final String name;
    private final boolean readOnly;
    private final long uidValidity;
    private final RecentTracker recentTracker;
    private long[] uids = new long[16];
    private MessageInfo[] infos = new MessageInfo[16];
    private int size;
    /** Indexes of messages gone from the folder but not yet reported with EXPUNGE. */
    private final BitSet gone = new BitSet();
    private final Set<Long> recent = new HashSet<>();
    /** RFC 5182: the UIDs the last SEARCH RETURN (SAVE) saved, ascending; reset by a new SELECT. */
    private long[] saved = new long[0];
    private volatile boolean changed;
    private volatile Runnable onChange = () -> { };
    private AutoCloseable watch;

    private SelectedMailbox(Folder folder, String name, boolean readOnly, RecentTracker recentTracker) {
        this.folder = folder;
        this.name = name;
        this.readOnly = readOnly;
        this.uidValidity = folder.uidValidity();
        this.recentTracker = recentTracker;
    }

    /** Blocking: lists the folder, claims \Recent messages, and starts watching for changes. */
    static SelectedMailbox open(Folder folder, String name, boolean readOnly, RecentTracker recentTracker)
            throws IOException {
        SelectedMailbox view = new SelectedMailbox(folder, name, readOnly, recentTracker);
        view.watch = folder.watch(f -> {
            view.changed = true;
            view.onChange.run();
        });
        List<MessageInfo> messages = folder.sync();
        for (MessageInfo info : messages) {
            view.add(info);
        }
        view.claimRecent();
        return view;
    }

    Folder folder() {
        return folder;
    }

    /** The mailbox name as the client knows it (modified UTF-7). */
    String name() {
        return name;
    }

    boolean readOnly() {
        return readOnly;
    }

    long uidValidity() {
        return uidValidity;
    }

    /** Messages in the view, those pending expunge included: the last EXISTS the client got. */
    int exists() {
        return size;
    }

    int recentCount() {
        return recent.size();
    }

    /** Whether the folder changed since the last {@link #apply} (set from store threads). */
    boolean changed() {
        return changed;
    }

    /** Runs (on a store thread) whenever the folder changes; IDLE uses it to push updates. */
    void onChange(Runnable r) {
        onChange = r == null ? () -> { } : r;
    }

    long uid(int seq) {
        return uids[seq - 1];
    }

    MessageInfo info(int seq) {
        return infos[seq - 1];
    }

    boolean recent(int seq) {
        return recent.contains(uids[seq - 1]);
    }

    /** Whether the message is gone from the folder, its EXPUNGE not yet sent. */
    boolean expungePending(int seq) {
        return gone.get(seq - 1);
    }

    /** Whether some message is gone from the folder with its EXPUNGE not yet sent. */
    boolean anyExpungePending() {
        return !gone.isEmpty();
    }

    /** The sequence number of a UID in the view, or 0. */
    int sequenceOf(long uid) {
        int i = Arrays.binarySearch(uids, 0, size, uid);
        return i >= 0 ? i + 1 : 0;
    }

    /** The sequence number of the first message with a UID of at least {@code uid}; exists() + 1 if none. */
    int sequenceAtOrAfter(long uid) {
        return lowerBound(uid) + 1;
    }

    /** Saves a search result for {@code $} (RFC 5182); UIDs ascending. */
    void saveResult(long[] uids) {
        saved = uids;
    }

    /** The saved search result's UIDs, ascending. */
    long[] savedResult() {
        return saved;
    }

    /** The highest UID in the view, 0 when empty. */
    long maxUid() {
        return size == 0 ? 0 : uids[size - 1];
    }

    /** Replaces the flags the client knows of one message, after this session's own STORE told it. */
    void told(int seq, MessageInfo info) {
        infos[seq - 1] = info;
    }

    /**
     * The sequence numbers a set names, ascending and without duplicates. For UIDs only messages that
     * exist are named (RFC 3501 6.4.8); for sequence numbers a number past the end returns null, to be
     * answered BAD (RFC 3501 9 {@code seq-number}: a number must exist).
     */
    int[] resolve(SequenceSet set, boolean byUid) {
        if (set.isSaved()) {
            // RFC 5182 2.1: "$" names the saved messages that still exist, in UID and sequence forms alike
            return java.util.Arrays.stream(saved).mapToInt(this::sequenceOf).filter(seq -> seq > 0).sorted().toArray();
        }
        BitSet hits = new BitSet(size);
        if (byUid) {
            long max = maxUid();
            for (SequenceSet.Range range : set.ranges()) {
                if (size == 0) {
                    break;
                }
                long first = range.first(max);
                long last = range.last(max);
                int from = lowerBound(first);
                for (int i = from; i < size && uids[i] <= last; i++) {
                    hits.set(i);
                }
            }
        } else {
            for (SequenceSet.Range range : set.ranges()) {
                long first = range.first(size);
                long last = range.last(size);
                if (first < 1 || last > size) {
                    return null;
                }
                hits.set((int) first - 1, (int) last);
            }
        }
        int[] out = new int[hits.cardinality()];
        int k = 0;
        for (int i = hits.nextSetBit(0); i >= 0; i = hits.nextSetBit(i + 1)) {
            out[k++] = i + 1;
        }
        return out;
    }

    private int lowerBound(long uid) {
        int i = Arrays.binarySearch(uids, 0, size, uid);
        return i >= 0 ? i : -i - 1;
    }

    /**
     * Blocking: lists the folder and applies what changed (see {@link #apply}). With {@code rescan}
     * the directories are read again (NOOP, IDLE's poll: other programs' changes); without, the
     * store's own listing is used, which already has every change made by this process.
     */
    List<String> refresh(boolean rescan, boolean allowExpunge, Reporting reporting) throws IOException {
        changed = false;
        return apply(rescan ? folder.sync() : folder.messages(), allowExpunge, reporting);
    }

    /**
     * Brings the view up to date with a listing of the folder (ascending UIDs) and returns the
     * untagged responses, without {@code * } and CRLF, in the order they must be sent: flag changes
     * (numbered as the client still counts), then EXPUNGEs from the highest number down (so no
     * renumbering is needed between them) or one VANISHED, then EXISTS and RECENT for new messages.
     */
    List<String> apply(List<MessageInfo> fresh, boolean allowExpunge, Reporting reporting) {
        List<String> out = new ArrayList<>();
        int j = 0;
        int n = fresh.size();
        for (int i = 0; i < size; i++) {
            while (j < n && fresh.get(j).uid() < uids[i]) {
                j++; // a UID below one we know but never seen: cannot happen, UIDs only grow
            }
            if (j < n && fresh.get(j).uid() == uids[i]) {
                MessageInfo now = fresh.get(j++);
                MessageInfo before = infos[i];
                if (now != before && !gone.get(i) && (!now.flags().equals(before.flags())
                        || !now.keywords().equals(before.keywords()))) {
                    out.add(flagsLine(i + 1, now, reporting));
                }
                if (!gone.get(i)) {
                    infos[i] = now;
                }
            } else {
                gone.set(i);
            }
        }
        if (allowExpunge) {
            out.addAll(expungeGone(reporting.vanished()));
        }
        int before = size;
        for (; j < n; j++) {
            if (fresh.get(j).uid() > maxUid()) {
                add(fresh.get(j));
            }
        }
        if (size != before) {
            int recentBefore = recent.size();
            claimRecent();
            out.add(size + " EXISTS");
            if (recent.size() != recentBefore && reporting.recent()) {
                out.add(recent.size() + " RECENT");
            }
        }
        return out;
    }

    /** {@code n FETCH (UID u FLAGS (...) MODSEQ (m))}, the parts {@code reporting} asks for. */
    String flagsLine(int seq, MessageInfo info, Reporting reporting) {
        return seq + " FETCH (" + (reporting.uid() ? "UID " + info.uid() + " " : "")
                + "FLAGS " + Flags.format(info, reporting.recent() && recent.contains(info.uid()))
                + (reporting.modSeq() ? " MODSEQ (" + info.modSeq() + ")" : "") + ")";
    }

    /**
     * Removes the messages pending expunge from the view, returning their EXPUNGE responses, or one
     * {@code VANISHED uid-set} when the session enabled QRESYNC (RFC 7162 3.2.10).
     */
    List<String> expungeGone(boolean vanished) {
        List<String> out = new ArrayList<>();
        List<Long> vanishedUids = new ArrayList<>();
        for (int i = gone.previousSetBit(size - 1); i >= 0; i = gone.previousSetBit(i - 1)) {
            if (vanished) {
                vanishedUids.add(0, uids[i]);
            } else {
                out.add((i + 1) + " EXPUNGE");
            }
            recent.remove(uids[i]);
            System.arraycopy(uids, i + 1, uids, i, size - i - 1);
            System.arraycopy(infos, i + 1, infos, i, size - i - 1);
            infos[--size] = null;
        }
        gone.clear();
        if (!vanishedUids.isEmpty()) {
            out.add("VANISHED " + UidSets.format(vanishedUids));
        }
        return out;
    }

    private void add(MessageInfo info) {
        if (size == uids.length) {
            uids = Arrays.copyOf(uids, size * 2);
            infos = Arrays.copyOf(infos, size * 2);
        }
        uids[size] = info.uid();
        infos[size++] = info;
    }

    private void claimRecent() {
        long before = recentTracker.claim(folder, uidValidity, maxUid(), readOnly);
        for (int i = size - 1; i >= 0 && uids[i] > before; i--) {
            recent.add(uids[i]);
        }
    }

    /** Stops watching the folder. */
    void close() {
        onChange = () -> { };
        try {
            if (watch != null) {
                watch.close();
            }
        } catch (Exception ignored) {
            // unregistering a listener does not fail
        }
    }
}
