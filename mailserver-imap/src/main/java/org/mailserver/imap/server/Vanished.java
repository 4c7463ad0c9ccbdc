package org.mailserver.imap.server;

import java.util.ArrayList;
import java.util.List;
import org.mailserver.imap.grammar.SequenceSet;

/**
 * {@code VANISHED (EARLIER) uid-set} (RFC 7162 3.2.7) for SELECT's QRESYNC parameter and UID FETCH's
 * VANISHED modifier. The store keeps no history of expunged UIDs, so every UID of the given range
 * that no message has now is reported, as ranges of the gaps; RFC 7162 3.2.5.1 and 3.2.6 allow a
 * server to include UIDs expunged before the client's mod-sequence, which the client then ignores.
 */
final class Vanished {
    private Vanished() {
    }

    /** The response without {@code * }, or null when nothing vanished. {@code *} is the view's highest UID. */
    static String earlier(SelectedMailbox view, SequenceSet uids) {
        long max = view.maxUid();
        List<long[]> gaps = new ArrayList<>();
        for (SequenceSet.Range range : uids.ranges()) {
            long first = range.first(max);
            long last = Math.min(range.last(max), Math.max(max, 0));
            long expected = first;
            for (int seq = Math.max(1, view.sequenceAtOrAfter(first)); seq <= view.exists() && view.uid(seq) <= last; seq++) {
                long uid = view.uid(seq);
                if (uid > expected) {
                    gaps.add(new long[] {expected, uid - 1});
                }
                expected = uid + 1;
            }
            if (expected <= last) {
                gaps.add(new long[] {expected, last});
            }
        }
        if (gaps.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder("VANISHED (EARLIER) ");
        for (int i = 0; i < gaps.size(); i++) {
            long[] gap = gaps.get(i);
            out.append(i > 0 ? "," : "").append(gap[0]);
            if (gap[1] > gap[0]) {
                out.append(':').append(gap[1]);
            }
        }
        return out.toString();
    }
}
