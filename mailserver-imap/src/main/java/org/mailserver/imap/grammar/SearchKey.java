package org.mailserver.imap.grammar;

import java.time.LocalDate;
import java.util.List;

/**
 * A SEARCH criterion (RFC 3501 6.4.4), as parsed. A list of keys in a command is an {@link And}.
 * FROM, TO, CC, BCC and SUBJECT are {@link Header} keys with that field name. String matching is
 * case-insensitive substring (RFC 3501 6.4.4), on decoded text.
 */
public sealed interface SearchKey {

    /** ALL. */
    record All() implements SearchKey {
    }

    /**
     * A flag test: ANSWERED, DELETED, DRAFT, FLAGGED, SEEN and KEYWORD (set = true); UNANSWERED,
     * UNDELETED, UNDRAFT, UNFLAGGED, UNSEEN and UNKEYWORD (set = false).
     *
     * @param flag {@code \Seen} style for system flags, the keyword as sent otherwise
     */
    record Flag(String flag, boolean set) implements SearchKey {
    }

    /** NEW (RECENT and UNSEEN), OLD (NOT RECENT), RECENT. */
    record Recent(boolean recent) implements SearchKey {
    }

    /** LARGER n (size greater than n) and SMALLER n (less than n), in RFC822.SIZE octets. */
    record Size(long octets, boolean larger) implements SearchKey {
    }

    /** BEFORE, ON, SINCE (on the internal date) and SENTBEFORE, SENTON, SENTSINCE (on the Date: header). */
    record Date(DateOp op, LocalDate date, boolean sent) implements SearchKey {
    }

    /** How a date key compares, disregarding time and timezone (RFC 3501 6.4.4). */
    enum DateOp { BEFORE, ON, SINCE }

    /** OLDER n and YOUNGER n (RFC 5032): internal date more / less than n seconds ago. */
    record Age(long seconds, boolean older) implements SearchKey {
    }

    /** HEADER field string, and FROM/TO/CC/BCC/SUBJECT; an empty string matches any message with the field. */
    record Header(String field, String value) implements SearchKey {
    }

    /** BODY string: in the body (decoded text parts). */
    record Body(String value) implements SearchKey {
    }

    /** TEXT string: in the header or the body. */
    record Text(String value) implements SearchKey {
    }

    /** UID sequence-set. */
    record Uid(SequenceSet uids) implements SearchKey {
    }

    /** A bare sequence set: message sequence numbers. */
    record Sequence(SequenceSet numbers) implements SearchKey {
    }

    /** MODSEQ n (RFC 7162 3.1.5): messages whose mod-sequence is at least n. */
    record ModSeq(long modSeq) implements SearchKey {
    }

    /** NOT key. */
    record Not(SearchKey key) implements SearchKey {
    }

    /** OR key1 key2. */
    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    /** A parenthesised list, or the whole list of a command: every key must match. */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }
}
