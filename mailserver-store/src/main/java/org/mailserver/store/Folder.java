package org.mailserver.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.store.mime.MessageStructure;

/**
 * One Maildir folder (INBOX or a Maildir++ subfolder).
 *
 * <p>Threading: every method may block (file I/O) and is called on the blocking executor, never an
 * event loop. A folder object is shared by all sessions and deliveries of the process and is
 * thread-safe.
 */
public interface Folder {

    /** {@code INBOX} or the folder's name with {@code .} as hierarchy separator ({@code Archive.2026}). */
    String name();

    /** UIDVALIDITY, fixed when the folder's UID list was created. */
    long uidValidity();

    /** The UID the next new message will get. */
    long uidNext();

    /**
     * Rescans {@code new/} and {@code cur/}, gives UIDs to files not seen before (also those dropped
     * there by other programs), forgets files that are gone, persists the UID list, and returns every
     * message in ascending UID order.
     */
    List<MessageInfo> sync() throws IOException;

    /**
     * Opens a message's content. Throws {@link java.nio.file.NoSuchFileException} if it has been
     * expunged. The stream reads the file as stored (CRLF line ends).
     */
    InputStream open(long uid) throws IOException;

    /**
     * The message's MIME structure and envelope (for IMAP FETCH), with offsets into what
     * {@link #open} reads. This default parses the message on every call; a store may cache it (a
     * message's content never changes). Throws {@link java.nio.file.NoSuchFileException} as
     * {@link #open} does.
     */
    default MessageStructure structure(long uid) throws IOException {
        try (InputStream in = open(uid)) {
            return MessageStructure.parse(in);
        }
    }

    /**
     * Every message as this process knows it now, in ascending UID order, without rescanning the
     * directories: cheap, but blind to what other programs did since the last {@link #sync()}.
     */
    default List<MessageInfo> messages() throws IOException {
        return sync();
    }

    /**
     * What {@link #messages()} lists, as a {@link FolderSnapshot}. A store that keeps its listing in
     * memory returns the same snapshot object to every caller until the folder changes (sessions on
     * one folder then share it, and an unchanged folder is told by identity); this default builds a
     * new one on each call.
     */
    default FolderSnapshot snapshot() throws IOException {
        return FolderSnapshot.of(messages());
    }

    /** {@link #sync()}, then {@link #snapshot()}: the directories are read again first. */
    default FolderSnapshot rescan() throws IOException {
        return FolderSnapshot.of(sync());
    }

    /**
     * The highest mod-sequence given to a change of this folder (RFC 7162 HIGHESTMODSEQ): an arrival,
     * a flag change or an expunge; 0 when the store does not track them.
     */
    default long highestModSeq() {
        return 0;
    }

    /**
     * Changes a message's flags atomically against other sessions (read, change, write under the
     * folder's lock), so two clients adding different flags at once both win. Returns the message as
     * it is afterwards, or null if it is gone.
     */
    default MessageInfo updateFlags(long uid, FlagChange change) throws IOException {
        for (MessageInfo info : sync()) {
            if (info.uid() == uid) {
                Set<Flag> flags = change.flags(info.flags());
                Set<String> keywords = change.keywords(info.keywords());
                setFlags(uid, flags, keywords);
                return new MessageInfo(uid, info.baseName(), info.size(), info.internalDate(), flags, keywords,
                        info.modSeq());
            }
        }
        return null;
    }

    /** Replaces a message's flags and keywords, renaming its file as Dovecot does. */
    void setFlags(long uid, Set<Flag> flags, Set<String> keywords) throws IOException;

    /** Removes these messages' files; returns the UIDs actually removed. Unknown UIDs are ignored. */
    List<Long> expunge(Collection<Long> uids) throws IOException;

    /** Adds a message durably (tmp, fsync, rename into cur/, fsync dir) and returns its UID. */
    long append(MessageSource message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws IOException;

    /** Registers a listener; closing the handle unregisters it. */
    AutoCloseable watch(FolderListener listener);
}
