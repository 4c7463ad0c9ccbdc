package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.directory.User;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;

/** Eight threads delivering into one mailbox while a session syncs: distinct names, every message one UID. */
class ConcurrentDeliveryTest {

    private static final int THREADS = 8;
    private static final int EACH = 40;

    @TempDir
    Path dataDir;

    @Test
    void eightThreadsIntoOneMailbox() throws Exception {
        MaildirStore store = new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
        User alice = TestMessages.user("alice@example.test");
        Folder inbox = store.open(alice).inbox();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        try {
            Future<Integer> syncer = pool.submit(() -> {
                start.await();
                int syncs = 0;
                while (!done.get()) {
                    List<MessageInfo> seen = inbox.sync();
                    for (int i = 1; i < seen.size(); i++) {
                        if (seen.get(i).uid() <= seen.get(i - 1).uid()) {
                            throw new AssertionError("UIDs not ascending");
                        }
                    }
                    syncs++;
                }
                return syncs;
            });
            List<Future<List<String>>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    start.await();
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < EACH; i++) {
                        DeliveryResult result = store.deliver(alice, new byte[0],
                                TestMessages.message("Subject: " + thread + "/" + i + "\n\nbody\n"));
                        names.add(assertInstanceOf(DeliveryResult.Delivered.class, result).storedName());
                    }
                    return names;
                }));
            }
            start.countDown();
            Set<String> names = new HashSet<>();
            for (Future<List<String>> worker : workers) {
                names.addAll(worker.get());
            }
            done.set(true);
            syncer.get();
            assertEquals(THREADS * EACH, names.size(), "distinct file names");

            List<MessageInfo> messages = inbox.sync();
            assertEquals(THREADS * EACH, messages.size());
            assertEquals(LongStream.rangeClosed(1, THREADS * EACH).boxed().toList(),
                    messages.stream().map(MessageInfo::uid).toList());
            Set<String> subjects = new HashSet<>();
            for (MessageInfo info : messages) {
                subjects.add(TestMessages.text(inbox.open(info.uid())).lines().findFirst().orElseThrow());
            }
            assertEquals(THREADS * EACH, subjects.size(), "every message readable by its UID");

            MaildirStore restarted = new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
            assertEquals(messages, restarted.open(alice).inbox().sync());
        } finally {
            pool.shutdownNow();
        }
    }
}
