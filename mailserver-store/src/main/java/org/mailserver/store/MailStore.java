package org.mailserver.store;

import java.io.IOException;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.directory.User;

/**
 * The mailstore: delivery (for LMTP and SMTP) and access (for POP3 and IMAP) to users' Maildirs.
 * One instance per process, so every session and delivery on a mailbox shares its folder objects.
 * Thread-safe; every method may block.
 */
public interface MailStore extends LocalDelivery, AutoCloseable {

    /** Opens a user's Maildir tree, creating the Maildir when it does not exist yet. */
    UserMailbox open(User user) throws IOException;

    @Override
    void close();
}
