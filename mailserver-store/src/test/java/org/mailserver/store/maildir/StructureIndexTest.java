package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.mime.MessageStructure;

/**
 * {@link StructureIndex} on its own, with a made-up folder: what it keeps survives a new instance,
 * damage costs a parse and never an exception, dead records are compacted away, and concurrent use
 * (with compactions going on) always gives the right message's structure.
 */
class StructureIndexTest {

    @TempDir
    Path dir;
    /** The made-up folder: base name to message text. */
    private final Map<String, String> folder = new ConcurrentHashMap<>();
    private final AtomicInteger parses = new AtomicInteger();

    private StructureIndex index(long compactMinBytes) {
        return new StructureIndex(dir, () -> {
            List<MessageInfo> infos = new ArrayList<>();
            folder.forEach((name, text) -> infos.add(info(name, text)));
            return infos;
        }, compactMinBytes);
    }

    private StructureIndex index() {
        return index(StructureIndex.DEFAULT_COMPACT_MIN_BYTES);
    }

    private static MessageInfo info(String name, String text) {
        return new MessageInfo(1, name, bytes(text).length, Instant.EPOCH, Set.of(), Set.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String message(int i, int padding) {
        return "From: sender" + i + "@example.test\r\nSubject: message " + i + "\r\nContent-Description: " + "p".repeat(padding)
                + "\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nbody " + i + "\r\n--b--\r\n";
    }

    private static MessageStructure parse(String text) throws IOException {
        return MessageStructure.parse(new ByteArrayInputStream(bytes(text)));
    }

    /** Adds messages 0..n-1 to the folder. */
    private List<String> deliver(int n, int padding) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "1700000000.M" + i + "P1.test";
            folder.put(name, message(i, padding));
            names.add(name);
        }
        return names;
    }

    private MessageStructure get(StructureIndex index, String name) throws IOException {
        String text = folder.get(name);
        return index.get(name, bytes(text).length, () -> {
            parses.incrementAndGet();
            return parse(text);
        });
    }

    private Path file() {
        return dir.resolve(StructureIndex.FILE_NAME);
    }

    @Test
    void aNewInstanceReadsWhatTheLastOneWrote() throws Exception {
        List<String> names = deliver(100, 10);
        StructureIndex first = index();
        assertFalse(Files.exists(file()), "nothing is read or created before the first get");
        for (String name : names) {
            assertEquals(parse(folder.get(name)), get(first, name));
        }
        assertEquals(100, parses.get());
        assertEquals(100, first.appends());
        for (String name : names) {
            get(first, name);
        }
        assertEquals(100, first.hits());

        StructureIndex second = index();
        for (String name : names) {
            assertEquals(parse(folder.get(name)), get(second, name));
        }
        assertEquals(100, parses.get(), "nothing parsed again");
        assertEquals(100, second.hits());
        assertEquals(0, second.appends());
    }

    @Test
    void anotherMessageUnderTheSameNameIsParsed() throws Exception {
        String name = deliver(1, 0).get(0);
        get(index(), name);
        folder.put(name, message(7, 100)); // removed, and another of another size delivered (by hand)
        MessageStructure structure = get(index(), name);
        assertEquals("message 7", structure.envelope().subject());
        assertEquals(2, parses.get());
        assertEquals("message 7", get(index(), name).envelope().subject(), "the new record is the one kept");
        assertEquals(2, parses.get());
    }

    @Test
    void anUnfinishedAppendIsCutOff() throws Exception {
        List<String> names = deliver(10, 10);
        StructureIndex first = index();
        for (String name : names) {
            get(first, name);
        }
        long full = Files.size(file());
        try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
            f.setLength(full - 5); // a crash in the middle of the last record
        }
        StructureIndex second = index();
        for (String name : names) {
            assertEquals(parse(folder.get(name)), get(second, name));
        }
        assertEquals(11, parses.get(), "only the cut record was parsed again");
        assertEquals(full, Files.size(file()), "cut, then appended again whole");
    }

    @Test
    void garbageAfterTheLastRecordIsCutOff() throws Exception {
        List<String> names = deliver(10, 10);
        StructureIndex first = index();
        for (String name : names) {
            get(first, name);
        }
        long full = Files.size(file());
        byte[] zeros = new byte[4096]; // a crash can leave a file longer, its end zeros
        Files.write(file(), zeros, java.nio.file.StandardOpenOption.APPEND);
        StructureIndex second = index();
        for (String name : names) {
            get(second, name);
        }
        assertEquals(10, parses.get());
        assertEquals(full, Files.size(file()));
    }

    @Test
    void aDamagedRecordEndsTheGoodPart() throws Exception {
        List<String> names = deliver(10, 10);
        StructureIndex first = index();
        for (String name : names) {
            get(first, name);
        }
        long full = Files.size(file());
        flipByteAt(file(), full / 2); // somewhere in the middle record
        StructureIndex second = index();
        for (String name : names) {
            assertEquals(parse(folder.get(name)), get(second, name));
        }
        int reparsed = parses.get() - 10;
        assertTrue(reparsed >= 4 && reparsed <= 6, "the damaged record and those after it: " + reparsed);
        StructureIndex third = index();
        for (String name : names) {
            get(third, name);
        }
        assertEquals(10 + reparsed, parses.get(), "whole again");
    }

    @Test
    void aRecordDamagedAfterLoadingIsParsedAgain() throws Exception {
        List<String> names = deliver(3, 10);
        StructureIndex index = index();
        for (String name : names) {
            get(index, name);
        }
        StructureIndex reader = index();
        get(reader, names.get(0)); // loaded now
        flipByteAt(file(), Files.size(file()) - 10);
        assertEquals(parse(folder.get(names.get(2))), get(reader, names.get(2)));
        assertEquals(4, parses.get());
        assertEquals(parse(folder.get(names.get(2))), get(reader, names.get(2)));
        assertEquals(4, parses.get(), "appended again, then read");
    }

    @Test
    void aFileWithAWrongHeaderIsRebuilt() throws Exception {
        List<String> names = deliver(5, 10);
        Files.writeString(file(), "something else entirely\n");
        StructureIndex index = index();
        for (String name : names) {
            assertEquals(parse(folder.get(name)), get(index, name));
        }
        assertEquals(5, parses.get());
        for (String name : names) {
            get(index(), name);
        }
        assertEquals(5, parses.get());
        flipByteAt(file(), 4); // the version
        for (String name : names) {
            get(index(), name);
        }
        assertEquals(10, parses.get(), "another version is discarded whole");
    }

    @Test
    void withoutAUsableDirectoryMessagesAreParsed() throws Exception {
        List<String> names = deliver(3, 10);
        StructureIndex index = new StructureIndex(dir.resolve("gone"), List::of);
        for (String name : names) {
            String text = folder.get(name);
            assertEquals(parse(text), index.get(name, bytes(text).length, () -> parse(text)));
        }
        assertEquals(0, index.appends());
    }

    @Test
    void deadRecordsAreCompactedAtTheFirstRead() throws Exception {
        List<String> names = deliver(1000, 100);
        StructureIndex first = index(16 * 1024);
        for (String name : names) {
            get(first, name);
        }
        long full = Files.size(file());
        names.subList(100, 1000).forEach(folder::remove); // expunged
        StructureIndex second = index(16 * 1024);
        for (String name : names.subList(0, 100)) {
            assertEquals(parse(folder.get(name)), get(second, name));
        }
        assertEquals(1000, parses.get(), "the live ones were kept");
        assertEquals(1, second.compactions());
        long compacted = Files.size(file());
        assertTrue(compacted < full / 8, full + " -> " + compacted);
        assertFalse(Files.exists(dir.resolve(StructureIndex.FILE_NAME + ".new")));
        for (String name : names.subList(0, 100)) {
            get(index(16 * 1024), name);
        }
        assertEquals(1000, parses.get());
    }

    @Test
    void deadRecordsAreCompactedAsTheFileGrows() throws Exception {
        StructureIndex index = index(16 * 1024);
        int next = 0;
        long largest = 0;
        for (int round = 0; round < 20; round++) { // a busy INBOX: 100 arrive, are read, and are expunged
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++, next++) {
                String name = "1700000000.M" + next + "P1.test";
                folder.put(name, message(next, 100));
                batch.add(name);
            }
            for (String name : batch) {
                assertEquals(parse(folder.get(name)), get(index, name));
            }
            largest = Math.max(largest, Files.size(file()));
            batch.forEach(folder::remove);
        }
        assertTrue(index.compactions() >= 5, "compactions: " + index.compactions());
        String text = message(1000, 100);
        long record = StructureRecords.encode("1700000000.M1000P1.test", bytes(text).length, parse(text)).length;
        // Live: at most 100 records. A check finds dead ones the larger part once the file is over
        // twice the live ones, and checks come every half of the live records (16 KiB at least).
        assertTrue(largest < 100 * record * 3 + 16 * 1024, "stays within a few times the live records: " + largest);
    }

    @Test
    void eightThreadsOnAThousandMessages() throws Exception {
        List<String> names = deliver(1000, 10);
        StructureIndex index = index();
        runConcurrently(8, names, index, 1);
        assertTrue(parses.get() >= 1000 && parses.get() < 1200, "parsed about once each: " + parses.get());
        assertEquals(1000, index.appends(), "one record each");

        StructureIndex restarted = index();
        runConcurrently(8, names, restarted, 1);
        assertEquals(8000, restarted.hits());
    }

    /** Readers race with appends and with compactions that replace the file under them. */
    @Test
    void concurrentReadsDuringCompactions() throws Exception {
        List<String> names = deliver(400, 100);
        StructureIndex index = index(8 * 1024);
        ExecutorService churn = Executors.newSingleThreadExecutor();
        Future<?> expunging = churn.submit(() -> {
            for (int i = 400; i < 3000; i++) { // arrivals read and expunged while the others read
                String name = "1700000001.M" + i + "P1.test";
                folder.put(name, message(i, 100));
                get(index, name);
                folder.remove(name);
            }
            return null;
        });
        while (!expunging.isDone()) {
            runConcurrently(7, names, index, 1);
        }
        expunging.get();
        churn.shutdown();
        assertTrue(index.compactions() > 0, "compacted meanwhile");
        runConcurrently(8, names, index(8 * 1024), 1);
    }

    @Test
    void anInterruptedReaderDoesNotSpoilTheIndexForOthers() throws Exception {
        List<String> names = deliver(10, 10);
        StructureIndex index = index();
        for (String name : names) {
            get(index, name);
        }
        Thread.currentThread().interrupt(); // the read closes the channel, for every thread
        try {
            assertEquals(parse(folder.get(names.get(0))), get(index, names.get(0)));
        } finally {
            Thread.interrupted();
        }
        for (String name : names) {
            assertEquals(parse(folder.get(name)), get(index, name));
        }
        assertEquals(11, parses.get(), "reopened: only the interrupted call parsed");
    }

    private void runConcurrently(int threads, List<String> names, StructureIndex index, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> order = new ArrayList<>(names);
                Collections.shuffle(order, new Random(t));
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        for (String name : order) {
                            MessageStructure s = get(index, name);
                            assertEquals(parse(folder.get(name)), s, name);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void flipByteAt(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x5A);
        }
    }
}
