package org.mailserver.imap.grammar;

/** The items of STATUS (RFC 3501 6.3.10, RFC 8438 SIZE, RFC 7162 HIGHESTMODSEQ, RFC 9051 DELETED). */
public enum StatusItem {
    MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, SIZE, HIGHESTMODSEQ, DELETED;

    /** The name as written in the response. */
    public String imapName() {
        return name();
    }
}
