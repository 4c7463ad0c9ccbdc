package org.mailserver.store.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.mailserver.store.FolderListener;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.maildir.DirectoryScanner.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Maildir folder, shared by every session and delivery of the process.
 *
 * <p>One lock guards the in-memory index and the keyword table. Message files are written outside
 * it (the fsyncs of a delivery never hold up other sessions); only the registration of a written
 * file, directory scans, renames and deletions run under it. Listeners are called after the lock is
 * released, on the thread that made the change.
 *
 * <p>The UID list is written when {@link #sync()} or {@link #append} hand out UIDs, so a UID is
 * durable before any client can see it; a delivery only registers its file in memory.
 */
final class MaildirFolder implements Folder {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirFolder.class);

    private final String name;
    private final Path dir;
    private final UniqueNames names;
    private final ReentrantLock lock = new ReentrantLock();
    private final FolderListeners listeners = new FolderListeners();
    private FolderIndex index;
    private Keywords keywords;
    private FileTime keywordsStamp;
    private volatile boolean gone;

    private MaildirFolder(String name, Path dir, UniqueNames names) {
        this.name = name;
        this.dir = dir;
        this.names = names;
    }

    /** Opens an existing Maildir: makes any missing cur/new/tmp, cleans stale tmp/ files, reads its lists, scans. */
    static MaildirFolder open(String name, Path dir, UniqueNames names) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such folder: " + name);
        }
        for (String subdir : new String[] {"cur", "new", "tmp"}) {
            DurableFiles.createDirectories(dir.resolve(subdir));
        }
        int stale = DirectoryScanner.cleanTmp(dir);
        if (stale > 0) {
            LOG.info("removed {} stale tmp/ files in {}", stale, dir);
        }
        MaildirFolder folder = new MaildirFolder(name, dir, names);
        folder.lock.lock();
        try {
            UidList list = null;
            try {
                list = UidList.read(dir);
            } catch (UidList.FormatException e) {
                LOG.warn("{} in {}: starting a new UIDVALIDITY", e.getMessage(), dir);
            }
            folder.index = list == null ? FolderIndex.fresh() : FolderIndex.of(list);
            folder.reloadKeywords();
            folder.index.reconcile(folder.scan(), dir);
        } finally {
            folder.lock.unlock();
        }
        return folder;
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

    /** Octets of the messages this folder knows, for the quota; readable without the lock. */
    long bytes() {
        return index.bytes();
    }

    long count() {
        return index.count();
    }

    @Override
    public List<MessageInfo> sync() throws IOException {
        List<MessageInfo> messages;
        boolean changed;
        lock.lock();
        try {
            checkPresent();
            if (reloadKeywordsIfChanged()) {
                index.invalidateInfos();
            }
            changed = index.reconcile(scan(), dir);
            index.persist(dir);
            messages = index.infos(keywords);
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
        lock.lock();
        try {
            checkPresent();
            MessageEntry entry = require(uid);
            try {
                return Files.newInputStream(entry.path(dir));
            } catch (NoSuchFileException renamed) {
                relocate(entry); // renamed by another program's flag change, or gone
                return Files.newInputStream(entry.path(dir));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setFlags(long uid, Set<Flag> flags, Set<String> keywordNames) throws IOException {
        boolean renamed;
        lock.lock();
        try {
            checkPresent();
            MessageEntry entry = require(uid);
            renamed = new FlagRenamer(dir, keywords).apply(entry, flags, keywordNames);
            if (keywords.takeChanged()) {
                keywords.write(dir);
                keywordsStamp = stamp();
            }
        } finally {
            lock.unlock();
        }
        if (renamed) {
            listeners.fire(this);
        }
    }

    @Override
    public List<Long> expunge(Collection<Long> uids) throws IOException {
        List<Long> removed = new ArrayList<>();
        lock.lock();
        try {
            checkPresent();
            expungeLocked(uids, removed);
        } finally {
            lock.unlock();
            if (!removed.isEmpty()) {
                listeners.fire(this); // also when a later file failed: these are gone
            }
        }
        return removed;
    }

    private void expungeLocked(Collection<Long> uids, List<Long> removed) throws IOException {
        for (Long uid : uids) {
            MessageEntry entry = index.byUid(uid);
            if (entry == null) {
                continue;
            }
            if (!Files.deleteIfExists(entry.path(dir))) {
                Location moved = DirectoryScanner.find(dir, entry.baseName); // renamed by another program
                if (moved != null) {
                    entry.moveTo(moved);
                    Files.deleteIfExists(entry.path(dir));
                }
            }
            index.remove(entry);
            removed.add(uid);
        }
    }

    @Override
    public long append(MessageSource message, Set<Flag> flags, Set<String> keywordNames, Instant internalDate)
            throws IOException {
        String letters;
        lock.lock();
        try {
            checkPresent();
            letters = FlagRenamer.letters(flags) + keywords.lettersFor(keywordNames);
            if (keywords.takeChanged()) {
                keywords.write(dir);
                keywordsStamp = stamp();
            }
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
            // The date as read back from the name later, so the UID's info is the same after a restart.
            MessageEntry entry = index.add(written.baseName(), new Location("cur", written.fileName()), written.size(),
                    MaildirName.time(written.baseName()));
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
            index.add(written.baseName(), new Location("new", written.fileName()), written.size(),
                    MaildirName.time(written.baseName()));
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

    private void relocate(MessageEntry entry) throws IOException {
        Location location = DirectoryScanner.find(dir, entry.baseName);
        if (location == null) {
            throw new NoSuchFileException(entry.path(dir).toString(), null, "message file is gone");
        }
        entry.moveTo(location);
    }

    /** A scan; when a known file seems gone (renamed during the listing?), a second listing confirms. */
    private Map<String, Location> scan() throws IOException {
        Map<String, Location> found = DirectoryScanner.scan(dir);
        if (index.missingFrom(found)) {
            DirectoryScanner.scan(dir).forEach(found::putIfAbsent);
        }
        return found;
    }

    private void reloadKeywords() throws IOException {
        keywordsStamp = stamp();
        keywords = Keywords.read(dir);
    }

    private boolean reloadKeywordsIfChanged() throws IOException {
        FileTime now = stamp();
        if (now == null ? keywordsStamp == null : now.equals(keywordsStamp)) {
            return false;
        }
        reloadKeywords();
        return true;
    }

    private FileTime stamp() throws IOException {
        try {
            return Files.getLastModifiedTime(dir.resolve(Keywords.FILE_NAME));
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
