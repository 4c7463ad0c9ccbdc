package org.mailserver.imap.mailbox;

/**
 * A mailbox name the server refuses (empty, an empty level, invalid modified UTF-7, a control
 * character, too long, or one that could leave the Maildir). The message says why and is fit to
 * send to the client in a {@code NO} response; it never contains control characters.
 */
public final class MailboxNameException extends IllegalArgumentException {

    public MailboxNameException(String message) {
        super(message);
    }
}
