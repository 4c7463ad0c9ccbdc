package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.store.TestMessages.sized;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.DeliveryResult.OverQuota;
import org.mailserver.core.directory.User;
import org.mailserver.store.TestMessages;

/** Quota by size and count: refusals leave nothing behind, concurrent deliveries cannot overshoot. */
class QuotaTest {

    @TempDir
    Path dataDir;

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    private long files(String subdir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("mail/example.test/carol").resolve(subdir))) {
            return files.count();
        }
    }

    @Test
    void sizeQuotaRefusesTemporarilyOrPermanently() throws Exception {
        MaildirStore store = store();
        User carol = TestMessages.user("carol@example.test", 20000, 0);
        assertInstanceOf(DeliveryResult.Delivered.class, store.deliver(carol, new byte[0], sized(15000)));
        OverQuota full = assertInstanceOf(OverQuota.class, store.deliver(carol, new byte[0], sized(6000)));
        assertEquals(false, full.permanent(), "fits once mail is deleted: 452 4.2.2");
        OverQuota never = assertInstanceOf(OverQuota.class, store.deliver(carol, new byte[0], sized(20001)));
        assertEquals(true, never.permanent(), "can never fit: 552 5.2.2");
        assertEquals(1, files("new"));
        assertEquals(0, files("tmp"));
        assertEquals(15000, store.open(carol).usedBytes());
        assertNull(store.checkQuota(carol, 5000));
        assertEquals(false, store.checkQuota(carol, 5001).permanent());
        assertEquals(true, store.checkQuota(carol, 30000).permanent());

        store.open(carol).inbox().expunge(List.of(store.open(carol).inbox().sync().get(0).uid()));
        assertInstanceOf(DeliveryResult.Delivered.class, store.deliver(carol, new byte[0], sized(6000)));
    }

    @Test
    void prefixCountsToo() throws Exception {
        User carol = TestMessages.user("carol@example.test", 1000, 0);
        OverQuota over = assertInstanceOf(OverQuota.class, store().deliver(carol, new byte[10], sized(995)));
        assertEquals(true, over.permanent());
    }

    @Test
    void usageIsComputedFromTheMaildirAtStart() throws Exception {
        User carol = TestMessages.user("carol@example.test", 20000, 0);
        store().deliver(carol, new byte[0], sized(12000));
        Path sent = dataDir.resolve("mail/example.test/carol/.Sent");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(sent.resolve(sub));
        }
        Files.write(sent.resolve("cur/1700000000.M1P1.other:2,S"), new byte[5000]);
        MaildirStore restarted = store();
        assertEquals(17000, restarted.open(carol).usedBytes());
        assertEquals(2, restarted.open(carol).usedCount());
        assertInstanceOf(OverQuota.class, restarted.deliver(carol, new byte[0], sized(4000)));
    }

    @Test
    void countQuota() throws Exception {
        MaildirStore store = store();
        User carol = TestMessages.user("carol@example.test", 0, 2);
        assertInstanceOf(DeliveryResult.Delivered.class, store.deliver(carol, new byte[0], sized(100)));
        assertInstanceOf(DeliveryResult.Delivered.class, store.deliver(carol, new byte[0], sized(100)));
        OverQuota over = assertInstanceOf(OverQuota.class, store.deliver(carol, new byte[0], sized(100)));
        assertEquals(false, over.permanent());
        assertEquals(2, files("new"));
    }

    @Test
    void concurrentDeliveriesCannotOvershoot() throws Exception {
        MaildirStore store = store();
        User carol = TestMessages.user("carol@example.test", 10000, 0);
        store.open(carol);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<DeliveryResult>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> store.deliver(carol, new byte[0], sized(3000))));
            }
            int delivered = 0;
            for (Future<DeliveryResult> result : results) {
                if (result.get() instanceof DeliveryResult.Delivered) {
                    delivered++;
                }
            }
            assertEquals(3, delivered);
            assertEquals(3, files("new"));
            assertEquals(0, files("tmp"));
            assertTrue(store.open(carol).usedBytes() <= 10000);
        } finally {
            pool.shutdownNow();
        }
    }
}
