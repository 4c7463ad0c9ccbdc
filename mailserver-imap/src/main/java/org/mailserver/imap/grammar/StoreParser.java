package org.mailserver.imap.grammar;

import java.util.ArrayList;
import java.util.List;

/** STORE and UID STORE (RFC 3501 6.4.6, with RFC 7162 3.1.3's UNCHANGEDSINCE). Pure; thread-safe. */
final class StoreParser {

    private StoreParser() {
    }

    /**
     * {@code STORE sequence-set [SP "(" "UNCHANGEDSINCE" SP mod-sequence-valzer ")"] SP
     * ["+" / "-"] "FLAGS" [".SILENT"] SP (flag-list / flag *(SP flag))}.
     */
    static ImapCommand.Store store(ImapReader r, String tag, boolean uid) throws ImapSyntaxException {
        r.sp("sequence set");
        SequenceSet set = ValueParser.sequenceSet(r, "sequence set");
        r.sp("STORE item");
        long unchangedSince = -1;
        if (r.take('(')) {
            do {
                String modifier = r.keyword();
                if (!modifier.equals("UNCHANGEDSINCE")) {
                    throw modifier.isEmpty() ? r.missing("STORE modifier") : r.error("unknown STORE modifier " + modifier);
                }
                r.sp("UNCHANGEDSINCE value");
                // RFC 7162 7: mod-sequence-valzer, 0 included, 63 bits
                unchangedSince = r.digits("UNCHANGEDSINCE value", Long.MAX_VALUE);
            } while (r.take(' '));
            r.expect(')', "closing parenthesis of the STORE modifiers");
            r.sp("STORE item");
        }
        StoreMode mode = r.take('+') ? StoreMode.ADD : r.take('-') ? StoreMode.REMOVE : StoreMode.REPLACE;
        String item = r.keyword();
        boolean silent = item.equals("FLAGS.SILENT");
        if (!silent && !item.equals("FLAGS")) {
            throw item.isEmpty() ? r.missing("STORE item") : r.error("unknown STORE item " + item
                    + "; expected FLAGS, +FLAGS or -FLAGS");
        }
        r.sp("flags");
        List<String> flags;
        if (r.peek() == '(') {
            flags = ValueParser.flagList(r);
        } else {
            flags = new ArrayList<>();
            do {
                flags.add(ValueParser.flag(r, "flag"));
            } while (r.take(' '));
        }
        return new ImapCommand.Store(tag, uid, set, unchangedSince, mode, silent, flags);
    }
}
