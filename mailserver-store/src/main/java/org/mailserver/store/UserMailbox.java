package org.mailserver.store;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * One user's Maildir tree: INBOX at the root, Maildir++ folders as {@code .Name} subdirectories.
 * Thread-safe; every method may block.
 */
public interface UserMailbox {

    /** The INBOX. */
    Folder inbox() throws IOException;

    /**
     * A folder by name ({@code INBOX}, or {@code Archive.2026} with {@code .} as separator). Throws
     * {@link java.nio.file.NoSuchFileException} if it does not exist, {@link IllegalArgumentException}
     * for a name that could leave the Maildir ({@code ..}, {@code /}, control characters).
     */
    Folder folder(String name) throws IOException;

    /** Every folder's name, INBOX first. */
    List<String> folders() throws IOException;

    /** Creates a folder (and its Maildir++ {@code maildirfolder} marker). */
    void create(String name) throws IOException;

    /** Deletes a folder and its messages. INBOX cannot be deleted. */
    void delete(String name) throws IOException;

    /** Renames a folder and its children. */
    void rename(String from, String to) throws IOException;

    /** Octets used by all messages in all folders, for the quota. */
    long usedBytes() throws IOException;

    /** Number of messages in all folders, for the quota. */
    long usedCount() throws IOException;

    /**
     * The subscribed folder names (RFC 3501 6.3.6), as store names ({@code Archive.2026}), in the
     * order they were subscribed. A name may refer to a folder that no longer exists (RFC 3501 6.3.6:
     * the server must not unsubscribe a name on its own). The default has no subscriptions.
     */
    default Set<String> subscriptions() throws IOException {
        return Set.of();
    }

    /**
     * Subscribes ({@code subscribed = true}) or unsubscribes a store name; the folder need not exist.
     * Durable on return. Subscribing twice or unsubscribing a name that is not subscribed changes
     * nothing. Throws {@link IllegalArgumentException} for a name the store refuses (see
     * {@link #folder}); the default throws {@link UnsupportedOperationException}.
     */
    default void subscribe(String name, boolean subscribed) throws IOException {
        throw new UnsupportedOperationException("subscriptions are not supported by this store");
    }
}
