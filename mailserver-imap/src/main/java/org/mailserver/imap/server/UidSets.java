package org.mailserver.imap.server;

import java.util.List;

/** Writes UID lists compactly as sequence sets ({@code 1:3,7}), for COPYUID and APPENDUID (RFC 4315). */
final class UidSets {
    private UidSets() {
    }

    /** The UIDs in the order given, consecutive runs as ranges; the order matters for COPYUID. */
    static String format(List<Long> uids) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            long start = uids.get(i);
            int j = i;
            while (j + 1 < uids.size() && uids.get(j + 1) == uids.get(j) + 1) {
                j++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(start);
            if (j > i) {
                out.append(':').append(uids.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }
}
