package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.User;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;
import org.mailserver.store.mime.MessageStructure;

/**
 * {@link MaildirFolder#structure} through {@link StructureCache} and the folder's {@link StructureIndex}:
 * a restarted store serves structures without reading the message files, another message under an
 * old name is parsed, expunged messages' records are compacted away, and eight sessions at once on
 * a thousand messages all get the right structures.
 */
class StructureIndexStoreTest {

    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("alice@example.test");

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    private Path maildir() {
        return dataDir.resolve("mail/example.test/alice");
    }

    /** As a new process: nothing in memory, only what is on disk. */
    private Folder restarted() throws IOException {
        StructureCache.shared().invalidateAll();
        return store().open(alice).inbox();
    }

    @AfterEach
    void forgetOurEntries() {
        StructureCache.shared().invalidateAll();
    }

    static String message(int i, int padding) {
        return "From: Sender " + i + " <s" + i + "@example.test>\r\nTo: alice@example.test\r\nSubject: message " + i
                + "\r\nMessage-ID: <" + i + "@example.test>\r\nContent-Description: " + "p".repeat(padding)
                + "\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n--alt\r\nContent-Type: text/plain\r\n\r\n"
                + "text " + i + "\r\n--alt\r\nContent-Type: text/html\r\n\r\n<p>" + i + "</p>\r\n--alt--\r\n";
    }

    /** Drops n messages into new/ under Dovecot-style names (sizes in the name), as a quick delivery would. */
    static void drop(Path maildir, int n, int padding) throws IOException {
        Files.createDirectories(maildir.resolve("new"));
        for (int i = 0; i < n; i++) {
            byte[] content = message(i, padding).getBytes(StandardCharsets.US_ASCII);
            String name = "1700000000.M" + i + "P1.test,S=" + content.length + ",W=" + content.length;
            Files.write(maildir.resolve("new").resolve(name), content);
        }
    }

    /** Overwrites every message file with as many X octets: a parse would find no header at all now. */
    private void spoilMessageFiles() throws IOException {
        for (String subdir : List.of("new", "cur")) {
            try (Stream<Path> files = Files.list(maildir().resolve(subdir))) {
                for (Path file : files.toList()) {
                    byte[] garbage = new byte[(int) Files.size(file)];
                    java.util.Arrays.fill(garbage, (byte) 'X');
                    Files.write(file, garbage);
                }
            }
        }
    }

    private static Map<Long, MessageStructure> structures(Folder folder) throws IOException {
        Map<Long, MessageStructure> all = new HashMap<>();
        for (MessageInfo info : folder.sync()) {
            all.put(info.uid(), folder.structure(info.uid()));
        }
        return all;
    }

    @Test
    void aRestartedStoreReadsStructuresWithoutTheMessageFiles() throws Exception {
        Folder inbox = store().open(alice).inbox();
        for (int i = 0; i < 50; i++) {
            inbox.append(TestMessages.message(message(i, 10)), java.util.Set.of(), java.util.Set.of(), null);
        }
        Path index = maildir().resolve(StructureIndex.FILE_NAME);
        assertFalse(Files.exists(index), "opening the folder and appending leave the index alone");
        Map<Long, MessageStructure> parsed = structures(inbox);
        assertTrue(Files.exists(index));

        Folder again = restarted();
        spoilMessageFiles();
        for (Map.Entry<Long, MessageStructure> e : parsed.entrySet()) {
            assertEquals(e.getValue(), again.structure(e.getKey()));
            assertTrue(TestMessages.text(again.open(e.getKey())).startsWith("XXXX"), "the file is really spoilt");
        }
        assertEquals("message 7", again.structure(8).envelope().subject());
    }

    @Test
    void anotherMessageUnderAnOldNameIsParsed() throws Exception {
        Folder inbox = store().open(alice).inbox();
        Path file = maildir().resolve("new/1700000000.M1P1.foreign"); // a name without S=, as procmail writes
        Files.writeString(file, "Subject: first\r\n\r\nbody\r\n");
        long first = inbox.sync().get(0).uid();
        assertEquals("first", inbox.structure(first).envelope().subject());

        Files.delete(file);
        inbox.sync();
        Files.writeString(file, "Subject: the second one\r\n\r\nanother body\r\n");
        long second = inbox.sync().get(0).uid();
        assertEquals("the second one", inbox.structure(second).envelope().subject(), "not the old record");
        assertEquals("the second one", restarted().structure(second).envelope().subject());
    }

    @Test
    void expungingMostMessagesCompactsTheIndex() throws Exception {
        drop(maildir(), 1000, 3000); // records of about 3 KiB: 3 MiB, worth compacting
        Folder inbox = store().open(alice).inbox();
        Map<Long, MessageStructure> parsed = structures(inbox);
        Path index = maildir().resolve(StructureIndex.FILE_NAME);
        long full = Files.size(index);
        assertTrue(full > 2 * StructureIndex.DEFAULT_COMPACT_MIN_BYTES, "size " + full);
        List<Long> expunged = new ArrayList<>();
        for (long uid = 101; uid <= 1000; uid++) {
            expunged.add(uid);
        }
        assertEquals(900, inbox.expunge(expunged).size());

        Folder again = restarted();
        spoilMessageFiles();
        for (long uid = 1; uid <= 100; uid++) {
            assertEquals(parsed.get(uid), again.structure(uid));
        }
        long compacted = Files.size(index);
        assertTrue(compacted < full / 8, full + " -> " + compacted);
        assertFalse(Files.exists(maildir().resolve(StructureIndex.FILE_NAME + ".new")));
    }

    @Test
    void eightSessionsOnAThousandMessages() throws Exception {
        drop(maildir(), 1000, 10);
        Folder inbox = store().open(alice).inbox();
        Map<Long, MessageStructure> expected = new HashMap<>();
        for (MessageInfo info : inbox.sync()) {
            expected.put(info.uid(), MessageStructure.parse(inbox.open(info.uid())));
        }
        fetchConcurrently(inbox, expected);

        Folder again = restarted();
        spoilMessageFiles();
        fetchConcurrently(again, expected);
    }

    private static void fetchConcurrently(Folder folder, Map<Long, MessageStructure> expected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<Long> uids = new ArrayList<>(expected.keySet());
                Collections.shuffle(uids, new Random(t));
                done.add(pool.submit(() -> {
                    for (long uid : uids) {
                        assertEquals(expected.get(uid), folder.structure(uid), "UID " + uid);
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
}
