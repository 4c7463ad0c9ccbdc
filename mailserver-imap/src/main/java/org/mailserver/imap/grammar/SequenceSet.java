package org.mailserver.imap.grammar;

import java.util.List;

/**
 * A sequence set (RFC 3501 9 {@code sequence-set}): message sequence numbers or UIDs, as ranges. A
 * range's ends are kept as sent ({@code 5:2} is {@code 2:5}); {@code *} is {@link #STAR}, which
 * stands for the largest number in use and is resolved only against a mailbox.
 *
 * @param ranges at least one range, in the order sent
 */
public record SequenceSet(List<Range> ranges) {

    /** {@code *}: the largest message sequence number or UID in the mailbox. */
    public static final long STAR = -1;

    /** {@code $} (RFC 5182): the result the last {@code SEARCH RETURN (SAVE)} saved; see {@link #isSaved}. */
    public static final SequenceSet SAVED = new SequenceSet(List.of(new Range(-2, -2)));

    /** One number ({@code low == high}) or a range; either end may be {@link #STAR}. */
    public record Range(long low, long high) {
        /** The lower end, with {@code *} resolved to {@code max}. */
        public long first(long max) {
            return Math.min(resolve(low, max), resolve(high, max));
        }

        /** The upper end, with {@code *} resolved to {@code max}. */
        public long last(long max) {
            return Math.max(resolve(low, max), resolve(high, max));
        }

        private static long resolve(long n, long max) {
            return n == STAR ? max : n;
        }
    }

    public SequenceSet {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("empty sequence set");
        }
        ranges = List.copyOf(ranges);
    }

    /** Whether this is {@code $}, which only the session can resolve. */
    public boolean isSaved() {
        return equals(SAVED);
    }

    /** Whether {@code n} is in the set, {@code *} standing for {@code max}; never for {@code $}. */
    public boolean contains(long n, long max) {
        for (Range r : ranges) {
            if (n >= r.first(max) && n <= r.last(max)) {
                return true;
            }
        }
        return false;
    }
}
