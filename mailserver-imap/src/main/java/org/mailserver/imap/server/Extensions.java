package org.mailserver.imap.server;

/** Capabilities advertised only after login, as their commands need a user (RFC 3501 7.2.1). */
final class Extensions {
    private Extensions() {
    }

    /** With a leading space, or empty. */
    static String afterLogin(ImapSession s) {
        return " COMPRESS=DEFLATE CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE STATUS=SIZE QUOTA QUOTA=RES-STORAGE"
                + " QUOTA=RES-MESSAGE APPENDLIMIT=" + s.config().appendLimit();
    }
}
