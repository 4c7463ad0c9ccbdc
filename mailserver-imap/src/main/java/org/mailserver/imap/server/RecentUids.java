package org.mailserver.imap.server;

import java.util.Arrays;
import java.util.function.LongToIntFunction;

/**
 * The UIDs that are \Recent for one session (RFC 3501 2.3.2), as inclusive UID ranges. A session
 * claims what arrived since the last claim of any session ({@link RecentTracker}), so each claim is
 * one range above the earlier ones and consecutive claims merge: a handful of ranges, whatever the
 * number of messages. A range may name UIDs the view does not hold (expunged, or never seen), which
 * is harmless: only the view's messages are asked about or counted. Used by one session only.
 */
final class RecentUids {
    private static final long[] NONE = new long[0];
    /** Past this many ranges, those that no longer hold a message of the view are dropped. */
    private static final int COMPACT_AT = 8;

    /** {@code lo, hi} pairs, ascending and disjoint. */
    private long[] ranges = NONE;

    /**
     * Adds {@code lo..hi}, which starts at or above every range added before (the tracker's claims
     * only grow). {@code viewLowerBound} gives the position in the view of the first message with a
     * UID of at least its argument, for dropping ranges that hold none any more.
     */
    void add(long lo, long hi, LongToIntFunction viewLowerBound) {
        if (lo > hi) {
            return;
        }
        int n = ranges.length;
        if (n > 0 && lo <= ranges[n - 1] + 1) {
            ranges[n - 2] = Math.min(ranges[n - 2], lo);
            ranges[n - 1] = Math.max(ranges[n - 1], hi);
            return;
        }
        if (n / 2 >= COMPACT_AT) {
            compact(viewLowerBound);
            n = ranges.length;
        }
        ranges = Arrays.copyOf(ranges, n + 2);
        ranges[n] = lo;
        ranges[n + 1] = hi;
    }

    boolean contains(long uid) {
        int lo = 0;
        int hi = ranges.length / 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ranges[2 * mid + 1] < uid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < ranges.length / 2 && ranges[2 * lo] <= uid;
    }

    /** How many of the view's messages are recent; see {@link #add} for {@code viewLowerBound}. */
    int count(LongToIntFunction viewLowerBound) {
        int count = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            count += viewLowerBound.applyAsInt(ranges[i + 1] + 1) - viewLowerBound.applyAsInt(ranges[i]);
        }
        return count;
    }

    /** The number of ranges kept, for tests. */
    int ranges() {
        return ranges.length / 2;
    }

    private void compact(LongToIntFunction viewLowerBound) {
        long[] kept = new long[ranges.length];
        int k = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (viewLowerBound.applyAsInt(ranges[i + 1] + 1) > viewLowerBound.applyAsInt(ranges[i])) {
                kept[k++] = ranges[i];
                kept[k++] = ranges[i + 1];
            }
        }
        ranges = Arrays.copyOf(kept, k);
    }
}
