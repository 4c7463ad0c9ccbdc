package org.mailserver.imap.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.mailserver.imap.grammar.SequenceSet;
import org.mailserver.store.Folder;
import org.mailserver.store.FolderSnapshot;
import org.mailserver.store.MessageInfo;

/**
 * A session's view of its selected mailbox: message sequence numbers, the UID of each, and the flags
 * the client was last told (RFC 3501 2.3.1.2, 5.2, 7.4.1).
 *
 * <p>The view changes only through {@link #apply}, which compares a fresh snapshot of the folder with
 * the view and returns the untagged responses that tell the client: flag changes ({@code FETCH}),
 * messages gone ({@code EXPUNGE}, only when the command allows it, else they stay in the view as
 * "expunge pending" until a command that allows it), and new ones ({@code EXISTS}, {@code RECENT}).
 *
 * <p>The view is the folder's {@link FolderSnapshot} the client was last told about ({@code shown}),
 * plus the messages gone from the folder since whose EXPUNGE is still held back ({@code ghosts}),
 * merged in UID order. Sequence number {@code n} is the n-th UID of that merge: the ghosts' places
 * in it are kept beside them, so a lookup is a binary search among the ghosts.
 *
 * <p>Memory: the snapshot is the folder's, the same object for every session that has seen the
 * folder's latest state (the store builds a new one only when the folder changes), so a session whose
 * view is current holds no per-message state: a few references, the \Recent UIDs as ranges
 * ({@link RecentUids}), and what is pending: the ghosts (until a command may send their EXPUNGE),
 * the flags this session's own FETCH just told (until the end of the command), and a saved search
 * result (RFC 5182). A session that has not been told of the folder's last change keeps the snapshot
 * it was told of alive until its next command; IDLE sessions are told at once.
 *
 * <p>Threading: owned by one session, which runs one command at a time; {@link #apply} and
 * {@link #open} may run on the blocking executor while the session waits for them. Only
 * {@link #changed} is touched from other threads.
 */
final class SelectedMailbox {
    private static final MessageInfo[] NO_MESSAGES = new MessageInfo[0];
    private static final int[] NO_POSITIONS = new int[0];
    private static final long[] NO_UIDS = new long[0];

    private final Folder folder;
    private final String name;
    private final boolean readOnly;
    private final long uidValidity;
    private final RecentTracker recentTracker;
    /** The folder as the client was last told of it; shared with the folder's other sessions. */
    private FolderSnapshot shown = FolderSnapshot.EMPTY;
    /** Messages of the view gone from the folder, EXPUNGE not yet sent; ascending UIDs, flags as last told. */
    private MessageInfo[] ghosts = NO_MESSAGES;
    /** The 0-based place in the view of each ghost, ascending. */
    private int[] ghostAt = NO_POSITIONS;
    /** Flags told since the last {@link #apply} by this session's own FETCH (\Seen set); ascending UIDs. */
    private MessageInfo[] told = NO_MESSAGES;
    private int toldCount;
    private final RecentUids recent = new RecentUids();
    /** RFC 5182: the UIDs the last SEARCH RETURN (SAVE) saved, ascending; reset by a new SELECT. */
    private long[] saved = NO_UIDS;
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
        view.shown = folder.rescan();
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

    /** The folder's snapshot the client was last told of (shared with the folder's other sessions). */
    FolderSnapshot shown() {
        return shown;
    }

    /** Messages in the view, those pending expunge included: the last EXISTS the client got. */
    int exists() {
        return shown.size() + ghosts.length;
    }

    int recentCount() {
        return recent.count(this::lowerBound);
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
        return listed(seq).uid();
    }

    /** The message as the client was last told of it (its flags may have changed since). */
    MessageInfo info(int seq) {
        MessageInfo info = listed(seq);
        if (toldCount > 0) {
            int t = toldIndex(info.uid());
            if (t >= 0) {
                return told[t];
            }
        }
        return info;
    }

    boolean recent(int seq) {
        return recent.contains(uid(seq));
    }

    /** Whether the message is gone from the folder, its EXPUNGE not yet sent. */
    boolean expungePending(int seq) {
        return Arrays.binarySearch(ghostAt, seq - 1) >= 0;
    }

    /** Whether some message is gone from the folder with its EXPUNGE not yet sent. */
    boolean anyExpungePending() {
        return ghosts.length > 0;
    }

    /** The sequence number of a UID in the view, or 0. */
    int sequenceOf(long uid) {
        int i = shown.indexOf(uid);
        if (i >= 0) {
            return i + ghostLowerBound(uid) + 1;
        }
        int g = ghostLowerBound(uid);
        return g < ghosts.length && ghosts[g].uid() == uid ? ghostAt[g] + 1 : 0;
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
        return Math.max(shown.maxUid(), ghosts.length == 0 ? 0 : ghosts[ghosts.length - 1].uid());
    }

    /**
     * Records the flags the client was just told of one message by this session's own FETCH, so the
     * end-of-command update does not report them again. Kept until the next {@link #apply}.
     */
    void told(int seq, MessageInfo info) {
        long uid = info.uid();
        int t = toldIndex(uid);
        if (t >= 0) {
            told[t] = info;
            return;
        }
        int at = -t - 1;
        if (toldCount == told.length) {
            told = Arrays.copyOf(told, Math.max(8, toldCount * 2));
        }
        System.arraycopy(told, at, told, at + 1, toldCount - at); // FETCH goes up: nearly always appends
        told[at] = info;
        toldCount++;
    }

    /**
     * The sequence numbers a set names, ascending and without duplicates. For UIDs only messages that
     * exist are named (RFC 3501 6.4.8); for sequence numbers a number past the end returns null, to be
     * answered BAD (RFC 3501 9 {@code seq-number}: a number must exist).
     */
    int[] resolve(SequenceSet set, boolean byUid) {
        if (set.isSaved()) {
            // RFC 5182 2.1: "$" names the saved messages that still exist, in UID and sequence forms alike
            return Arrays.stream(saved).mapToInt(this::sequenceOf).filter(seq -> seq > 0).sorted().toArray();
        }
        int size = exists();
        BitSet hits = new BitSet(size);
        if (byUid) {
            long max = maxUid();
            for (SequenceSet.Range range : set.ranges()) {
                if (size == 0) {
                    break;
                }
                long first = range.first(max);
                long last = range.last(max);
                for (int i = lowerBound(first); i < size && uid(i + 1) <= last; i++) {
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

    /** The 0-based place in the view of the first message with a UID of at least {@code uid}. */
    private int lowerBound(long uid) {
        return shown.lowerBound(uid) + ghostLowerBound(uid);
    }

    /** The message at view place {@code seq - 1}, as the snapshot or the ghosts have it (without {@link #told}). */
    private MessageInfo listed(int seq) {
        int g = Arrays.binarySearch(ghostAt, seq - 1);
        // not a ghost: g is -(ghosts before it) - 1, and the snapshot's index is the place less those
        return g >= 0 ? ghosts[g] : shown.info(seq + g);
    }

    private int ghostLowerBound(long uid) {
        return lowerBound(ghosts, ghosts.length, uid);
    }

    /** The index in {@link #told} of this UID, or -(insertion point) - 1. */
    private int toldIndex(long uid) {
        int i = lowerBound(told, toldCount, uid);
        return i < toldCount && told[i].uid() == uid ? i : -i - 1;
    }

    private static int lowerBound(MessageInfo[] infos, int n, long uid) {
        int lo = 0;
        int hi = n;
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

    /**
     * Blocking: takes the folder's snapshot and applies what changed (see {@link #apply}). With
     * {@code rescan} the directories are read again (NOOP, IDLE's poll: other programs' changes);
     * without, the store's own listing is used, which already has every change made by this process.
     */
    List<String> refresh(boolean rescan, boolean allowExpunge, Reporting reporting) throws IOException {
        changed = false;
        return apply(rescan ? folder.rescan() : folder.snapshot(), allowExpunge, reporting);
    }

    /**
     * Brings the view up to date with a snapshot of the folder and returns the untagged responses,
     * without {@code * } and CRLF, in the order they must be sent: flag changes (numbered as the
     * client still counts), then EXPUNGEs from the highest number down (so no renumbering is needed
     * between them) or one VANISHED, then EXISTS and RECENT for new messages. When the snapshot is the
     * one the client was last told of, this costs nothing per message.
     */
    List<String> apply(FolderSnapshot fresh, boolean allowExpunge, Reporting reporting) {
        if (fresh == shown && toldCount == 0 && (ghosts.length == 0 || !allowExpunge)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        long maxBefore = maxUid();
        // Messages of the view gone now: the ghosts still gone, and those of the snapshot newly gone,
        // with their numbers as the client counts them now, both ascending by UID.
        List<MessageInfo> gone = new ArrayList<>();
        List<Integer> goneAt = new ArrayList<>();
        int g = 0;
        for (int i = 0; i < ghosts.length; i++) {
            if (fresh.indexOf(ghosts[i].uid()) < 0) { // a UID never comes back; should one, it is simply kept
                gone.add(ghosts[i]);
                goneAt.add(ghostAt[i]);
            }
        }
        List<MessageInfo> newlyGone = new ArrayList<>();
        List<Integer> newlyGoneAt = new ArrayList<>();
        if (fresh != shown || toldCount > 0) {
            int j = 0;
            int n = fresh.size();
            for (int i = 0; i < shown.size(); i++) {
                MessageInfo before = shown.info(i);
                long uid = before.uid();
                if (toldCount > 0) {
                    int t = toldIndex(uid);
                    before = t >= 0 ? told[t] : before;
                }
                while (g < ghosts.length && ghosts[g].uid() < uid) {
                    g++;
                }
                while (j < n && fresh.uid(j) < uid) {
                    j++; // a UID below one we know but never seen: cannot happen, UIDs only grow
                }
                if (j < n && fresh.uid(j) == uid) {
                    MessageInfo now = fresh.info(j++);
                    if (now != before && (!now.flags().equals(before.flags())
                            || !now.keywords().equals(before.keywords()))) {
                        out.add(flagsLine(i + g + 1, now, reporting));
                    }
                } else {
                    newlyGone.add(before);
                    newlyGoneAt.add(i + g);
                }
            }
        }
        merge(gone, goneAt, newlyGone, newlyGoneAt);
        told = NO_MESSAGES;
        toldCount = 0;
        if (allowExpunge && !gone.isEmpty()) {
            if (reporting.vanished()) {
                List<Long> uids = new ArrayList<>(gone.size());
                gone.forEach(info -> uids.add(info.uid()));
                out.add("VANISHED " + UidSets.format(uids)); // RFC 7162 3.2.10
            } else {
                for (int k = goneAt.size() - 1; k >= 0; k--) {
                    out.add((goneAt.get(k) + 1) + " EXPUNGE");
                }
            }
            gone.clear();
        }
        shown = fresh;
        ghosts = gone.isEmpty() ? NO_MESSAGES : gone.toArray(NO_MESSAGES);
        ghostAt = ghosts.length == 0 ? NO_POSITIONS : new int[ghosts.length];
        for (int i = 0; i < ghosts.length; i++) {
            ghostAt[i] = fresh.lowerBound(ghosts[i].uid()) + i;
        }
        if (fresh.maxUid() > maxBefore) {
            int recentBefore = recentCount();
            claimRecent();
            out.add(exists() + " EXISTS");
            if (recentCount() != recentBefore && reporting.recent()) {
                out.add(recentCount() + " RECENT");
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

    /** Merges two lists of gone messages, each ascending by UID, into the first, with their places. */
    private static void merge(List<MessageInfo> into, List<Integer> intoAt, List<MessageInfo> more, List<Integer> moreAt) {
        if (more.isEmpty()) {
            return;
        }
        if (into.isEmpty() || into.get(into.size() - 1).uid() < more.get(0).uid()) {
            into.addAll(more);
            intoAt.addAll(moreAt);
            return;
        }
        List<MessageInfo> a = new ArrayList<>(into);
        List<Integer> aAt = new ArrayList<>(intoAt);
        into.clear();
        intoAt.clear();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < more.size()) {
            if (j == more.size() || (i < a.size() && a.get(i).uid() < more.get(j).uid())) {
                into.add(a.get(i));
                intoAt.add(aAt.get(i++));
            } else {
                into.add(more.get(j));
                intoAt.add(moreAt.get(j++));
            }
        }
    }

    /** Claims the messages no session has seen yet as \Recent for this one (none when read-only). */
    private void claimRecent() {
        long max = maxUid();
        long before = recentTracker.claim(folder, uidValidity, max, readOnly);
        recent.add(before + 1, max, this::lowerBound);
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
