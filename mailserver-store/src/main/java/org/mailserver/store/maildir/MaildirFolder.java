package org.mailserver.store.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.store.Flag;
import org.mailserver.store.FlagChange;
import org.mailserver.store.Folder;
import org.mailserver.store.FolderListener;
import org.mailserver.store.FolderSnapshot;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.maildir.DirectoryScanner.Location;
import org.mailserver.store.mime.MessageStructure;

/**
 * One Maildir folder, shared by every session and delivery of the process.
 *
 * <p>One lock guards the in-memory index and the keyword table. Message files are written outside
 * it (the fsyncs of a delivery never hold up other sessions); only the registration of a written
 * file, directory scans, renames and deletions run under it. Listeners are called after the lock is
 * released, on the thread that made the change.
 *
 * <p>The UID list is written when {@link #sync()} or {@link #append} hand out UIDs, so a UID is
 * durable before any client can see it; a delivery only registers its file in memory. A delivery
 * the list does not name yet (a crash came first) gets a UID from the persisted next UID at the next
 * start, so no UID a client saw is ever given to another message. Expunges fsync the directories
 * they unlinked from before returning (see {@link Expunger}).
 *
 * <p>Listings are {@link FolderSnapshot}s: the same object for every caller until the folder
 * changes, so the IMAP sessions on a folder share one (see {@link FolderIndex}).
 *
 * <p>Sizes and line ends: {@link MessageInfo#size()} is what a client receives, every line end
 * counted as CRLF (Dovecot's {@code W=}). Our files are CRLF, so their size is the file's; files of
 * other programs with bare LFs (Dovecot's and Courier's own) are measured by {@code W=}, else read
 * once and counted, and {@link #open} serves them through {@link CrlfInputStream}. An unterminated
 * last line is served as it is (IMAP needs the octets as counted); POP3 ends it with CRLF itself.
 */
final class MaildirFolder implements Folder {

    private final String name;
    private final Path dir;
    private final UniqueNames names;
    private final ReentrantLock lock = new ReentrantLock();
    private final FolderListeners listeners = new FolderListeners();
    private final FolderIndex index;
    private final FolderKeywords keywords;
    /** Parsed structures on disk, behind {@link StructureCache}; reads nothing until the first {@link #structure}. */
    private final StructureIndex structures;
    private volatile boolean gone;

    private MaildirFolder(String name, Path dir, UniqueNames names, FolderIndex index, FolderKeywords keywords) {
        this.name = name;
        this.dir = dir;
        this.names = names;
        this.index = index;
        this.keywords = keywords;
        this.structures = new StructureIndex(dir, this::messages);
    }

    /** Opens an existing Maildir (see {@link FolderLoader}). */
    static MaildirFolder open(String name, Path dir, UniqueNames names) throws IOException {
        FolderLoader.Loaded loaded = FolderLoader.load(name, dir);
        return new MaildirFolder(name, dir, names, loaded.index(), loaded.keywords());
    }

    @Override
    public String name() {
        return name;
    }

    Path directory() {
        return dir;
    }

    @Override
    public long uidValidity() {
        lock.lock();
        try {
            return index.uidValidity();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long uidNext() {
        lock.lock();
        try {
            return index.nextUid();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long highestModSeq() {
        lock.lock();
        try {
            return index.highestModSeq();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<MessageInfo> messages() throws IOException {
        return snapshot().asList();
    }

    @Override
    public FolderSnapshot snapshot() throws IOException {
        lock.lock();
        try {
            checkPresent();
            return index.snapshot(keywords.table());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public MessageInfo updateFlags(long uid, FlagChange change) throws IOException {
        MessageInfo updated;
        boolean renamed;
        lock.lock();
        try {
            checkPresent();
            MessageEntry entry = index.byUid(uid);
            if (entry == null) {
                return null;
            }
            MessageInfo now = entry.info(keywords.table());
            Set<Flag> flags = change.flags(now.flags());
            Set<String> names = change.keywords(now.keywords());
            renamed = !flags.equals(now.flags()) || !names.equals(now.keywords())
                    ? rename(entry, flags, names) : false;
            updated = entry.info(keywords.table());
        } finally {
            lock.unlock();
        }
        if (renamed) {
            listeners.fire(this);
        }
        return updated;
    }

    /** Octets of the messages this folder knows, for the quota; readable without the lock. */
    long bytes() {
        return index.bytes();
    }

    long count() {
        return index.count();
    }

    @Override
    public List<MessageInfo> sync() throws IOException {
        return rescan().asList();
    }

    @Override
    public FolderSnapshot rescan() throws IOException {
        FolderSnapshot messages;
        boolean changed;
        lock.lock();
        try {
            checkPresent();
            if (keywords.reloadIfChanged()) {
                index.invalidateInfos();
            }
            changed = index.reconcile(DirectoryScanner.scan(dir, index), dir);
            index.persist(dir);
            messages = index.snapshot(keywords.table());
        } finally {
            lock.unlock();
        }
        if (changed) {
            listeners.fire(this); // another program changed the folder; tell the other sessions
        }
        return messages;
    }

    @Override
    public InputStream open(long uid) throws IOException {
        InputStream in;
        boolean flagsChanged = false;
        lock.lock();
        try {
            checkPresent();
            MessageEntry entry = require(uid);
            try {
                in = Files.newInputStream(entry.path(dir));
            } catch (NoSuchFileException renamed) {
                flagsChanged = relocate(entry); // renamed by another program's flag change, or gone
                in = Files.newInputStream(entry.path(dir));
            }
            // A file with bare LFs (another program's) is served with CRLF, as its size says.
            in = entry.bareLineFeeds ? new CrlfInputStream(in) : in;
        } finally {
            lock.unlock();
        }
        if (flagsChanged) {
            listeners.fire(this); // the sessions on this folder must hear of the other program's change
        }
        return in;
    }

    /**
     * From {@link StructureCache}, else from the folder's {@link StructureIndex} on disk, else parsed
     * (then kept in both), keyed by base name and size; all outside the folder lock.
     */
    @Override
    public MessageStructure structure(long uid) throws IOException {
        String baseName;
        long size;
        lock.lock();
        try {
            checkPresent();
            MessageEntry entry = require(uid);
            baseName = entry.baseName;
            size = entry.size;
        } finally {
            lock.unlock();
        }
        return StructureCache.shared().get(dir, baseName, size,
                () -> structures.get(baseName, size, () -> Folder.super.structure(uid)));
    }

    @Override
    public void setFlags(long uid, Set<Flag> flags, Set<String> keywordNames) throws IOException {
        boolean renamed;
        lock.lock();
        try {
            checkPresent();
            MessageEntry entry = require(uid);
            renamed = rename(entry, flags, keywordNames);
        } finally {
            lock.unlock();
        }
        if (renamed) {
            listeners.fire(this);
        }
    }

    /** Unlinks under the lock; the directory fsyncs that make it durable run after it (see {@link Expunger}). */
    @Override
    public List<Long> expunge(Collection<Long> uids) throws IOException {
        List<Long> removed = new ArrayList<>();
        Set<String> touched = new TreeSet<>();
        lock.lock();
        try {
            checkPresent();
            Expunger.unlink(index, dir, uids, removed, touched);
        } finally {
            lock.unlock();
            try {
                Expunger.sync(dir, touched);
            } finally {
                if (!removed.isEmpty()) {
                    listeners.fire(this); // also when a later file failed: these are gone
                }
            }
        }
        return removed;
    }

    @Override
    public long append(MessageSource message, Set<Flag> flags, Set<String> keywordNames, Instant internalDate)
            throws IOException {
        String letters;
        lock.lock();
        try {
            checkPresent();
            letters = FlagRenamer.letters(flags) + keywords.lettersFor(keywordNames);
        } finally {
            lock.unlock();
        }
        Instant date = internalDate != null ? internalDate : Instant.now();
        MessageWriter.Written written = MessageWriter.write(dir, "cur",
                attempt -> internalDate == null ? names.next() : names.at(date, attempt),
                new byte[0], message, letters, date);
        long uid;
        lock.lock();
        try {
            MessageEntry entry = index.add(written);
            uid = entry.uid;
            try {
                index.persist(dir); // APPENDUID hands the UID out: make it durable first
            } catch (IOException e) {
                index.remove(entry);
                Files.deleteIfExists(entry.path(dir));
                throw e;
            }
        } finally {
            lock.unlock();
        }
        listeners.fire(this);
        return uid;
    }

    /** Delivers into new/ (see {@link MessageWriter}); returns the stored file name. */
    String deliver(byte[] prefix, MessageSource message) throws IOException {
        MessageWriter.Written written = MessageWriter.write(dir, "new", attempt -> names.next(), prefix, message, null, null);
        lock.lock();
        try {
            index.add(written);
        } finally {
            lock.unlock();
        }
        listeners.fire(this);
        return written.fileName();
    }

    @Override
    public AutoCloseable watch(FolderListener listener) {
        return listeners.add(listener);
    }

    /** Writes the UID list if deliveries or expunges changed it since the last sync. */
    void flush() throws IOException {
        lock.lock();
        try {
            if (!gone) {
                index.persist(dir);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The folder was deleted or renamed: every later call fails with NoSuchFileException. */
    void markGone() {
        gone = true;
        structures.close();
    }

    private void checkPresent() throws NoSuchFileException {
        if (gone) {
            throw new NoSuchFileException(dir.toString(), null, "folder deleted or renamed: " + name);
        }
    }

    private MessageEntry require(long uid) throws NoSuchFileException {
        MessageEntry entry = index.byUid(uid);
        if (entry == null) {
            throw new NoSuchFileException(name + " UID " + uid, null, "no such message (expunged?)");
        }
        return entry;
    }

    /** Finds a file another program renamed; returns whether its flags changed (then it has a new mod-sequence). */
    private boolean relocate(MessageEntry entry) throws IOException {
        Location location = DirectoryScanner.find(dir, entry.baseName);
        if (location == null) {
            throw new NoSuchFileException(entry.path(dir).toString(), null, "message file is gone");
        }
        String before = entry.letters();
        entry.moveTo(location);
        return index.moved(entry, before);
    }

    /**
     * Renames the file for these flags (under the lock) and records the change; returns whether
     * they changed. A file another program renamed meanwhile counts as changed too, so the
     * sessions on the folder are told.
     */
    private boolean rename(MessageEntry entry, Set<Flag> flags, Set<String> keywordNames) throws IOException {
        Location before = entry.location;
        String lettersBefore = entry.letters();
        boolean renamed = new FlagRenamer(dir, keywords.table()).apply(entry, flags, keywordNames);
        keywords.writeIfChanged();
        if (renamed) {
            index.changed(entry);
        } else if (!entry.location.equals(before)) {
            renamed = index.moved(entry, lettersBefore); // found under another program's new name
        }
        return renamed;
    }
}
