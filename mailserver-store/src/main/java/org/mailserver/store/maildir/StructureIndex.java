package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.mime.MessageStructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder's parsed message structures on disk, so that after a restart, or for a folder larger
 * than {@link StructureCache} holds, a FETCH reads a record instead of parsing the whole message.
 * One per {@link MaildirFolder}, in {@code mailserver-mime.idx} beside {@code dovecot-uidlist}
 * (format: {@link StructureRecords}); other Maildir readers ignore the file.
 *
 * <p>Records are appended, keyed by Maildir base name (never reused, and a message's content never
 * changes under it) and the message's size, which must match too. In memory: base name to record
 * position, built by one sequential read of the file at the first {@link #get}, not when the folder
 * opens. Records of messages no longer in the folder are dropped from memory at that read and each
 * time the file has grown by half its live records (at least {@link #DEFAULT_COMPACT_MIN_BYTES});
 * when dead records are then more than half of a file of at least that size, the file is rewritten
 * with the live ones (written beside it, fsynced, renamed over it: a crash leaves the old file or the
 * new one, never a mix; no directory fsync, as losing the rename costs nothing but space).
 *
 * <p>Failure modes: this is only a cache, the message file is the truth, so {@link #get} throws only
 * what the parser throws. A truncated or damaged tail (a crash mid-append; appends are not fsynced)
 * is cut at the first record whose length or CRC is wrong; a file with a wrong header is emptied and
 * rebuilt; a record that reads back wrong is parsed again. After an I/O error the index steps aside
 * for a minute (logged) and the folder parses.
 *
 * <p>Threading: reads are positional and run concurrently; appends, the first read of the file and
 * compaction hold this object's lock. The folder must call {@link #get} without holding its own lock;
 * the list of live messages is asked for without this object's lock held, so the two never nest.
 */
final class StructureIndex {

    static final String FILE_NAME = "mailserver-mime.idx";
    /** Below this size the file is not worth rewriting, and dead records are counted no more often. */
    static final long DEFAULT_COMPACT_MIN_BYTES = 1024 * 1024;
    private static final long RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(StructureIndex.class);

    /** The folder's messages now, to tell live records from dead ones. */
    @FunctionalInterface
    interface Messages {
        List<MessageInfo> list() throws IOException;
    }

    /** Where a message's record is: {@code length} octets at {@code offset}, for a message of {@code size}. */
    record Slot(long offset, int length, long size) {
    }

    /** The open file and the records in it; replaced whole by a compaction. */
    private record Open(FileChannel channel, Map<String, Slot> slots) {
    }

    private final Path file;
    private final Messages messages;
    private final long compactMinBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Open open;
    private volatile long retryAt;
    private volatile boolean failed;
    /** The folder is gone: nothing is read or written any more. */
    private volatile boolean closed;
    /** The end of the last record; guarded by the lock. */
    private long end;
    /** When {@link #end} reaches this, count dead records again; guarded by the lock. */
    private long nextCheck;
    private final LongAdder hits = new LongAdder();
    private final LongAdder appends = new LongAdder();
    private final LongAdder compactions = new LongAdder();

    StructureIndex(Path folderDir, Messages messages) {
        this(folderDir, messages, DEFAULT_COMPACT_MIN_BYTES);
    }

    /** Opens nothing: the file is read at the first {@link #get}. */
    StructureIndex(Path folderDir, Messages messages, long compactMinBytes) {
        this.file = folderDir.resolve(FILE_NAME);
        this.messages = messages;
        this.compactMinBytes = compactMinBytes;
    }

    /**
     * The structure of a message of this size: from the file, else from {@code parser}, then appended.
     *
     * @throws IOException only from {@code parser}
     */
    MessageStructure get(String baseName, long size, StructureCache.Loader parser) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            Open o = open();
            Slot slot = o == null ? null : o.slots.get(baseName);
            if (slot == null || slot.size() != size) {
                break;
            }
            try {
                MessageStructure stored = read(o, slot, baseName);
                if (stored != null) {
                    hits.increment();
                    return stored;
                }
                o.slots.remove(baseName, slot); // damaged: parse, and append a good one
                break;
            } catch (ClosedChannelException e) {
                if (Thread.currentThread().isInterrupted() || !reopened(o)) {
                    break; // interrupted: the parse will say so
                } // else a compaction replaced the file, or another thread's interrupt closed it: again
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot read the structure of {} from {}: {}", baseName, file, e.toString());
                o.slots.remove(baseName, slot);
                break;
            }
        }
        MessageStructure parsed = parser.load();
        append(baseName, size, parsed);
        return parsed;
    }

    /** Records read instead of parsed, records appended, compactions, since this object was made. */
    long hits() {
        return hits.sum();
    }

    long appends() {
        return appends.sum();
    }

    long compactions() {
        return compactions.sum();
    }

    private static MessageStructure read(Open o, Slot slot, String baseName) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(slot.length());
        while (record.hasRemaining()) {
            if (o.channel.read(record, slot.offset() + record.position()) < 0) {
                return null;
            }
        }
        return StructureRecords.decode(record.array(), slot, baseName);
    }

    private void append(String baseName, long size, MessageStructure structure) {
        if (open() == null) {
            return;
        }
        byte[] record;
        try {
            record = StructureRecords.encode(baseName, size, structure);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot encode the structure of {}: {}", baseName, e.toString());
            return;
        }
        if (record == null) {
            return; // too large to be worth keeping
        }
        boolean checkDue;
        lock.lock();
        try {
            Open o = open;
            Slot known = o == null ? null : o.slots.get(baseName);
            if (o == null || known != null && known.size() == size) {
                return; // no index, or another session appended it meanwhile
            }
            long at = end;
            try {
                write(o.channel, ByteBuffer.wrap(record), at);
            } catch (IOException e) {
                truncateQuietly(o.channel, at);
                throw e;
            }
            o.slots.put(baseName, new Slot(at, record.length, size));
            end = at + record.length;
            appends.increment();
            checkDue = end >= nextCheck;
            if (checkDue) {
                nextCheck = Long.MAX_VALUE; // this thread counts; the others go on appending
            }
        } catch (IOException e) {
            fail("append to", e);
            return;
        } finally {
            lock.unlock();
        }
        if (checkDue) {
            check();
        }
    }

    /** Counts dead records and compacts when they are the larger part. */
    private void check() {
        long before;
        lock.lock();
        try {
            before = end;
        } finally {
            lock.unlock();
        }
        Map<String, Long> live = liveMessages(); // without our lock: it takes the folder's
        lock.lock();
        try {
            Open o = open;
            if (o != null) {
                open = prune(o, live, before);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The folder was deleted or renamed: closes the file, so no descriptor stays open on a directory
     * being removed and nothing is written into it; later calls parse and keep nothing.
     */
    void close() {
        lock.lock();
        try {
            closed = true;
            Open o = open;
            open = null;
            if (o != null) {
                try {
                    o.channel.close();
                } catch (IOException e) {
                    LOG.debug("closing {}: {}", file, e.toString());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The open file; reads it at the first call. Null while the index is out of service. */
    private Open open() {
        if (closed) {
            return null;
        }
        Open o = open;
        if (o != null || failed && System.nanoTime() - retryAt < 0) {
            return o;
        }
        Map<String, Long> live = liveMessages();
        lock.lock();
        try {
            if (open == null && !closed) {
                open = prune(load(), live, Long.MAX_VALUE); // every record there was written before the list
                failed = false;
            }
            return open;
        } catch (IOException e) {
            fail("read", e);
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: opens (or creates) the file and reads its records. */
    private Open load() throws IOException {
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), DurableFiles.fileMode());
        try {
            Map<String, Slot> slots = new ConcurrentHashMap<>();
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(StructureRecords.HEADER_SIZE);
            while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
                // fill
            }
            long good;
            if (!header.hasRemaining() && StructureRecords.isHeader(header.array())) {
                good = StructureRecords.scan(channel, head -> slots.put(head.baseName(),
                        new Slot(head.offset(), head.length(), head.size())));
            } else {
                if (size > 0) {
                    LOG.warn("{}: not a structure index of this version; rebuilding it", file);
                }
                channel.truncate(0);
                write(channel, StructureRecords.header(), 0);
                good = StructureRecords.HEADER_SIZE;
                size = good;
            }
            if (good < size) {
                LOG.info("{}: cut a damaged or unfinished tail of {} octets", file, size - good);
                channel.truncate(good);
            }
            end = good;
            return new Open(channel, slots);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Under the lock: forgets the records written before {@code checkedEnd} whose message is not in
     * {@code live} (null: unknown, keep all), and compacts when the dead records are the larger part.
     */
    private Open prune(Open o, Map<String, Long> live, long checkedEnd) {
        long liveBytes = 0;
        for (Iterator<Map.Entry<String, Slot>> it = o.slots.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Slot> e = it.next();
            Slot slot = e.getValue();
            Long size = live == null || slot.offset() >= checkedEnd ? (Long) slot.size() : live.get(e.getKey());
            if (size == null || size != slot.size()) {
                it.remove();
            } else {
                liveBytes += slot.length();
            }
        }
        nextCheck = end + Math.max(liveBytes / 2, compactMinBytes);
        long dead = end - StructureRecords.HEADER_SIZE - liveBytes;
        if (end < compactMinBytes || dead <= end / 2) {
            return o;
        }
        try {
            return compact(o);
        } catch (IOException e) { // the old file is still good; try again at the next check
            LOG.warn("cannot compact {}: {}", file, e.toString());
            return o;
        }
    }

    /** Under the lock: writes the live records to a new file and renames it over the old one. */
    private Open compact(Open o) throws IOException {
        Path temp = file.resolveSibling(FILE_NAME + ".new");
        FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE), DurableFiles.fileMode());
        Map<String, Slot> slots = new ConcurrentHashMap<>();
        long at;
        try {
            write(out, StructureRecords.header(), 0);
            at = StructureRecords.HEADER_SIZE;
            List<Map.Entry<String, Slot>> live = new ArrayList<>(o.slots.entrySet());
            live.sort(Comparator.comparingLong(e -> e.getValue().offset())); // one sequential pass
            ByteBuffer batch = ByteBuffer.allocate(1 << 18);
            for (Map.Entry<String, Slot> e : live) {
                Slot slot = e.getValue();
                ByteBuffer record = ByteBuffer.allocate(slot.length());
                while (record.hasRemaining() && o.channel.read(record, slot.offset() + record.position()) >= 0) {
                    // fill
                }
                StructureRecords.Head head = StructureRecords.head(record.array(), record.position(), at);
                if (head == null || !head.baseName().equals(e.getKey())) {
                    continue; // damaged since: leave it out
                }
                record.flip();
                if (batch.remaining() < record.remaining()) {
                    at += flush(out, batch, at);
                }
                long position = at + batch.position();
                if (record.remaining() > batch.capacity()) { // larger than a batch: written alone
                    write(out, record, position);
                    at += slot.length();
                } else {
                    batch.put(record);
                }
                slots.put(e.getKey(), new Slot(position, slot.length(), slot.size()));
            }
            at += flush(out, batch, at);
            out.force(true);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            out.close();
            DurableFiles.deleteQuietly(temp);
            throw e;
        }
        long before = end;
        end = at;
        nextCheck = end + Math.max(end / 2, compactMinBytes);
        o.channel.close(); // readers still on it get ClosedChannelException and look again
        compactions.increment();
        LOG.debug("{}: compacted from {} to {} octets, {} records", file, before, end, slots.size());
        return new Open(out, slots);
    }

    private static long flush(FileChannel out, ByteBuffer batch, long at) throws IOException {
        batch.flip();
        long n = batch.remaining();
        write(out, batch, at);
        batch.clear();
        return n;
    }

    /** After a ClosedChannelException: true if {@link #open} now has a usable channel to try again. */
    private boolean reopened(Open closed) {
        lock.lock();
        try {
            if (open != closed) {
                return open != null; // replaced by a compaction
            }
            // Another thread was interrupted in a read or write, which closes the channel for all.
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            truncateQuietly(channel, end); // an append it interrupted may have left part of a record
            open = new Open(channel, closed.slots);
            return true;
        } catch (IOException e) {
            fail("reopen", e);
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** The folder's messages by base name, or null if it cannot tell (it is gone, say). */
    private Map<String, Long> liveMessages() {
        try {
            List<MessageInfo> list = messages.list();
            Map<String, Long> live = new HashMap<>(list.size() * 4 / 3 + 1);
            for (MessageInfo info : list) {
                live.put(info.baseName(), info.size());
            }
            return live;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Steps aside for a while; the next use after it reads the file again (and cuts what is bad). */
    private void fail(String what, IOException e) {
        lock.lock();
        try {
            Open o = open;
            open = null;
            if (o != null) {
                o.channel.close();
            }
        } catch (IOException ignored) {
            // closing is all we wanted
        } finally {
            lock.unlock();
        }
        if (!(e instanceof ClosedByInterruptException)) { // an interrupt is no fault of the file
            failed = true;
            retryAt = System.nanoTime() + RETRY_NANOS;
            LOG.warn("cannot {} {}: {}; parsing messages instead for a minute", what, file, e.toString());
        }
    }

    private static void write(FileChannel channel, ByteBuffer octets, long at) throws IOException {
        long position = at;
        while (octets.hasRemaining()) {
            position += channel.write(octets, position);
        }
    }

    private static void truncateQuietly(FileChannel channel, long size) {
        try {
            if (channel.size() > size) {
                channel.truncate(size);
            }
        } catch (IOException ignored) {
            // the next load cuts the tail by its CRC
        }
    }
}
