package org.mailserver.imap.server;

import org.mailserver.imap.mailbox.MailboxNames;

/** IMAP mailbox names (modified UTF-7, '/' delimiter) to store folder names. */
final class Names {
    private Names() {
    }

    /** The store's folder name; IllegalArgumentException with a client-readable reason for a bad name. */
    static String toStore(String imapName) {
        return MailboxNames.toStore(imapName);
    }
}
