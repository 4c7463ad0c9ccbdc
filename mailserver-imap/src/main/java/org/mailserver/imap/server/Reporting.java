package org.mailserver.imap.server;

/**
 * How untagged updates are written for a session, by what it enabled (RFC 7162): CONDSTORE adds
 * {@code MODSEQ} to every FETCH that reports a flag change (3.1.4), QRESYNC adds the UID to them and
 * reports expunges as {@code VANISHED} instead of {@code EXPUNGE} (3.2.10).
 *
 * @param uid write {@code UID n} in unsolicited FETCH responses
 * @param modSeq write {@code MODSEQ (n)} in them
 * @param vanished report expunged messages with {@code VANISHED uid-set}
 * @param recent write {@code \Recent} and {@code RECENT}, which IMAP4rev2 dropped (RFC 9051 E.2)
 */
record Reporting(boolean uid, boolean modSeq, boolean vanished, boolean recent) {
    /** The same, always with UIDs (the responses to this session's own STORE are told apart by UID). */
    Reporting withUid() {
        return new Reporting(true, modSeq, vanished, recent);
    }
}
