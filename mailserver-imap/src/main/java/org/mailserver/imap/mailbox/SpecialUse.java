package org.mailserver.imap.mailbox;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mailserver.store.UserMailbox;

/**
 * The special-use mailboxes (RFC 6154), known by name: the top-level folders {@code Sent},
 * {@code Drafts}, {@code Trash}, {@code Junk} and {@code Archive}, the names Dovecot's example
 * configuration and most clients use. Their IMAP names and store names are the same.
 */
public enum SpecialUse {
    SENT("Sent", "\\Sent"),
    DRAFTS("Drafts", "\\Drafts"),
    TRASH("Trash", "\\Trash"),
    JUNK("Junk", "\\Junk"),
    ARCHIVE("Archive", "\\Archive");

    private final String mailbox;
    private final String attribute;

    SpecialUse(String mailbox, String attribute) {
        this.mailbox = mailbox;
        this.attribute = attribute;
    }

    /** The mailbox name (IMAP and store). */
    public String mailbox() {
        return mailbox;
    }

    /** The LIST attribute, e.g. {@code \Sent}. */
    public String attribute() {
        return attribute;
    }

    /** The special use of a mailbox, by its exact (canonical IMAP) name. */
    public static Optional<SpecialUse> ofMailbox(String imapName) {
        for (SpecialUse use : values()) {
            if (use.mailbox.equals(imapName)) {
                return Optional.of(use);
            }
        }
        return Optional.empty();
    }

    /** The special use of an attribute ({@code \sent} in any case), for CREATE's USE (RFC 6154 5.3). */
    public static Optional<SpecialUse> ofAttribute(String attribute) {
        for (SpecialUse use : values()) {
            if (use.attribute.equalsIgnoreCase(attribute)) {
                return Optional.of(use);
            }
        }
        return Optional.empty();
    }

    /**
     * Creates the special-use folders a mailbox lacks and subscribes them; called at login, on the
     * blocking executor. Idempotent: folders that exist are left alone, and so is their
     * subscription (a user who unsubscribed Trash stays unsubscribed). A folder another session
     * creates at the same moment ({@link FileAlreadyExistsException}) counts as created here and is
     * subscribed, in case that session has not got that far.
     *
     * @return the folders this call created or found created concurrently, in enum order
     * @throws IOException if the store fails; folders created before the failure stay
     */
    public static List<String> ensure(UserMailbox mailbox) throws IOException {
        Set<String> existing = new HashSet<>(mailbox.folders());
        List<String> created = new ArrayList<>();
        for (SpecialUse use : values()) {
            if (existing.contains(use.mailbox)) {
                continue;
            }
            try {
                mailbox.create(use.mailbox);
            } catch (FileAlreadyExistsException e) {
                // made by a concurrent session between folders() and create()
            }
            created.add(use.mailbox);
        }
        if (!created.isEmpty()) {
            Set<String> subscribed = mailbox.subscriptions();
            for (String name : created) {
                if (!subscribed.contains(name)) {
                    mailbox.subscribe(name, true);
                }
            }
        }
        return created;
    }
}
