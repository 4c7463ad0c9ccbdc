package org.mailserver.store;

import java.io.IOException;
import java.util.List;

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
}
