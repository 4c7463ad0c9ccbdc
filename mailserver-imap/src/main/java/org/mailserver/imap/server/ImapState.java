package org.mailserver.imap.server;

/** The connection states of RFC 3501 3. */
enum ImapState {
    NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT
}
