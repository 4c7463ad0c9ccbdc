package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mailserver.store.FolderSnapshot;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.maildir.DirectoryScanner.Location;

/**
 * A folder's messages by UID and by base name, its UIDVALIDITY and next UID, and its usage for the
 * quota. In memory only; the folder persists it as {@code dovecot-uidlist}. Not thread-safe: the
 * folder's lock guards it, except {@link #bytes()} and {@link #count()} which may be read any time.
 *
 * <p>The listing handed out is a {@link FolderSnapshot}, built on first demand after a change and
 * then shared: every method that changes an entry (its place, flags, mod-sequence, or the keyword
 * names behind its letters) drops the snapshot, so the next {@link #snapshot} builds a new one.
 */
final class FolderIndex {

    private static final AtomicLong LAST_UID_VALIDITY = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long uidValidity;
    private final String guid;
    private final List<String> headerExtras;
    private long nextUid;
    private final TreeMap<Long, MessageEntry> byUid = new TreeMap<>();
    private final Map<String, MessageEntry> byBase = new HashMap<>();
    private volatile long bytes;
    private volatile long count;
    /** True when the in-memory list differs from the file. */
    private boolean dirty;
    /** Mod-sequences handed out before going past {@link #modSeqCeiling} requires a write first. */
    static final long MODSEQ_RESERVE = 10_000;
    private long highestModSeq;
    private long modSeqCeiling;
    private boolean modSeqDirty;
    /** Persisted mod-sequences not yet matched with a placed entry (after loading only). */
    private Map<Long, ModSeqFile.Entry> persistedModSeqs = Map.of();
    /** The folder directory, for the ceiling write; set by the loader. */
    private Path dir;
    /** The listing as of the last change; null when it must be built again. */
    private FolderSnapshot snapshot;

    private FolderIndex(long uidValidity, long nextUid, String guid, List<String> headerExtras) {
        this.uidValidity = uidValidity;
        this.nextUid = nextUid;
        this.guid = guid;
        this.headerExtras = headerExtras;
    }

    /** A new list: UIDVALIDITY from the clock, strictly increasing within the process (RFC 3501 2.3.1.1). */
    static FolderIndex fresh() {
        long now = System.currentTimeMillis() / 1000;
        long validity = LAST_UID_VALIDITY.updateAndGet(last -> Math.max(now, last + 1));
        byte[] guid = new byte[16];
        RANDOM.nextBytes(guid);
        FolderIndex index = new FolderIndex(validity, 1, HexFormat.of().formatHex(guid), List.of());
        index.dirty = true;
        return index;
    }

    /** The list as read from dovecot-uidlist; entries are placed by the first {@link #reconcile}. */
    static FolderIndex of(UidList list) {
        FolderIndex index = new FolderIndex(list.uidValidity(), list.nextUid(), list.guid(), list.headerExtras());
        for (UidList.Entry entry : list.entries()) {
            if (!index.byBase.containsKey(entry.baseName())) {
                index.put(new MessageEntry(entry.uid(), entry.baseName(), entry.extensions()));
            }
        }
        return index;
    }

    long uidValidity() {
        return uidValidity;
    }

    /** Takes the persisted mod-sequences (see {@link ModSeqFile}); before the first reconcile. */
    void modSeqs(Path folderDir, ModSeqFile.Data data) {
        dir = folderDir;
        if (data != null && data.uidValidity() == uidValidity) {
            // Start above everything handed out before, whatever was lost in a crash.
            highestModSeq = data.ceiling();
            modSeqCeiling = data.ceiling();
            persistedModSeqs = data.entries();
        } else {
            // RFC 7162 3.1.2.1: HIGHESTMODSEQ is positive, also for an empty folder; the first change is 2.
            highestModSeq = 1;
        }
    }

    long highestModSeq() {
        return highestModSeq;
    }

    /**
     * The next mod-sequence. Going past the persisted ceiling first writes a higher one durably, so
     * no value is ever handed out twice across a crash.
     */
    long nextModSeq() throws IOException {
        if (highestModSeq + 1 > modSeqCeiling && dir != null) {
            modSeqCeiling = highestModSeq + MODSEQ_RESERVE;
            ModSeqFile.write(dir, uidValidity, modSeqCeiling, byUid.values());
        }
        modSeqDirty = true;
        return ++highestModSeq;
    }

    /** A message's flags changed: it gets a new mod-sequence. */
    void changed(MessageEntry entry) throws IOException {
        entry.modSeq(nextModSeq());
        snapshot = null;
    }

    /**
     * A message's file was found under another name than the index had (another program renamed
     * it) and {@code entry} has been moved there: a flag change if its letters differ, which gets a
     * new mod-sequence. Returns whether the letters differed.
     */
    boolean moved(MessageEntry entry, String lettersBefore) throws IOException {
        snapshot = null;
        if (lettersBefore.equals(entry.letters())) {
            return false;
        }
        changed(entry);
        return true;
    }

    long nextUid() {
        return nextUid;
    }

    long bytes() {
        return bytes;
    }

    long count() {
        return count;
    }

    boolean dirty() {
        return dirty;
    }

    MessageEntry byUid(long uid) {
        return byUid.get(uid);
    }

    /** Adds a message this process wrote; if a scan already found it, returns that entry. */
    MessageEntry add(MessageWriter.Written written) throws IOException {
        MessageEntry known = byBase.get(written.baseName());
        if (known != null) {
            return known;
        }
        MessageEntry entry = new MessageEntry(nextUid++, written.baseName(), "");
        entry.location = new Location(written.subdir(), written.fileName());
        entry.bareLineFeeds = written.size() != written.virtualSize();
        // The date as read back from the name later, so the UID's info is the same after a restart.
        setSize(entry, written.virtualSize(), MaildirName.time(written.baseName()));
        entry.modSeq(nextModSeq());
        put(entry);
        dirty = true;
        return entry;
    }

    /** Forgets a message; an expunge is a change too (RFC 7162 3.2.10: HIGHESTMODSEQ grows). */
    void remove(MessageEntry entry) throws IOException {
        nextModSeq();
        snapshot = null;
        byUid.remove(entry.uid);
        byBase.remove(entry.baseName);
        if (entry.size >= 0) {
            bytes -= entry.size;
            count--;
        }
        dirty = true;
    }

    /** Whether some known message is not in this scan (the caller may scan again before believing it). */
    boolean missingFrom(Map<String, Location> scan) {
        return !scan.keySet().containsAll(byBase.keySet());
    }

    /**
     * Applies a directory scan: known files get their current location, vanished ones are forgotten,
     * new ones get UIDs in file name order (which is delivery order for time-stamped names).
     * Returns true if messages came or went, or another program renamed one (a flag change).
     */
    boolean reconcile(Map<String, Location> scan, Path folderDir) throws IOException {
        Map<String, Location> unseen = new HashMap<>(scan);
        boolean changed = false;
        for (Iterator<MessageEntry> it = new ArrayList<>(byUid.values()).iterator(); it.hasNext(); ) {
            MessageEntry entry = it.next();
            Location location = unseen.remove(entry.baseName);
            if (location == null || (entry.size < 0 && !measure(entry, location, folderDir))) {
                remove(entry);
                changed = true;
            } else if (entry.location == null || entry.modSeq == 0) {
                snapshot = null;
                entry.moveTo(location); // first placement after reading the list
                ModSeqFile.Entry persisted = persistedModSeqs.get(entry.uid);
                if (persisted != null && persisted.letters().equals(entry.letters())) {
                    entry.modSeq(persisted.modSeq());
                } else {
                    changed(entry); // new to the modseq file, or its flags changed while we were not looking
                }
            } else if (!location.equals(entry.location)) {
                String before = entry.letters();
                entry.moveTo(location);
                changed = true; // another program renamed it
                moved(entry, before);
            }
        }
        List<String> fresh = new ArrayList<>(unseen.keySet());
        fresh.sort(null);
        for (String baseName : fresh) {
            MessageEntry entry = new MessageEntry(nextUid, baseName, "");
            if (measure(entry, unseen.get(baseName), folderDir)) {
                changed(entry);
                nextUid++;
                put(entry);
                dirty = true;
                changed = true;
            }
        }
        persistedModSeqs = Map.of();
        return changed;
    }

    /**
     * Size and date of a file a scan found; false if it vanished. The size is what clients are served
     * (CRLF line ends): the name's {@code W=}, else the {@code W} field of its dovecot-uidlist line,
     * else the file is read once to count its bare LFs and the result is kept as a {@code W} field
     * (as Dovecot does), so it is not read again. The date is the name's leading seconds, else mtime.
     */
    private boolean measure(MessageEntry entry, Location location, Path folderDir) throws IOException {
        snapshot = null;
        entry.moveTo(location);
        OptionalLong physical = MaildirName.size(entry.baseName);
        OptionalLong virtual = MaildirName.virtualSize(entry.baseName);
        if (virtual.isEmpty()) {
            virtual = MaildirName.extensionSize(entry.extensions);
        }
        Instant date = MaildirName.time(entry.baseName);
        if (physical.isEmpty() || virtual.isEmpty() || date == null) {
            try {
                BasicFileAttributes attrs = Files.readAttributes(entry.path(folderDir), BasicFileAttributes.class);
                physical = physical.isPresent() ? physical : OptionalLong.of(attrs.size());
                date = date != null ? date : attrs.lastModifiedTime().toInstant();
                if (virtual.isEmpty()) {
                    virtual = OptionalLong.of(LineEnds.virtualSize(entry.path(folderDir)));
                    entry.extensions = (entry.extensions.isEmpty() ? "W" : entry.extensions + " W") + virtual.getAsLong();
                    dirty = true;
                }
            } catch (NoSuchFileException gone) {
                return false;
            }
        }
        entry.bareLineFeeds = physical.getAsLong() != virtual.getAsLong();
        setSize(entry, virtual.getAsLong(), date);
        return true;
    }

    private void setSize(MessageEntry entry, long size, Instant date) {
        entry.size = size;
        entry.internalDate = date;
        bytes += size;
        count++;
    }

    private void put(MessageEntry entry) {
        snapshot = null;
        byUid.put(entry.uid, entry);
        byBase.put(entry.baseName, entry);
    }

    /** The messages with a known place, ascending by UID: the same object until something changes. */
    FolderSnapshot snapshot(Keywords keywords) {
        if (snapshot == null) {
            List<MessageInfo> out = new ArrayList<>(byUid.size());
            for (MessageEntry entry : byUid.values()) {
                out.add(entry.info(keywords));
            }
            snapshot = FolderSnapshot.of(out);
        }
        return snapshot;
    }

    void invalidateInfos() {
        snapshot = null;
        byUid.values().forEach(MessageEntry::invalidate);
    }

    /** Writes dovecot-uidlist and the mod-sequences where they differ from memory. */
    void persist(Path folderDir) throws IOException {
        if (modSeqDirty) {
            ModSeqFile.write(folderDir, uidValidity, Math.max(modSeqCeiling, highestModSeq), byUid.values());
            modSeqDirty = false;
        }
        if (!dirty) {
            return;
        }
        List<UidList.Entry> entries = new ArrayList<>(byUid.size());
        for (MessageEntry entry : byUid.values()) {
            entries.add(new UidList.Entry(entry.uid, entry.extensions, entry.baseName));
        }
        new UidList(uidValidity, nextUid, guid, headerExtras, entries).write(folderDir);
        dirty = false;
    }
}
