package org.mailserver.core.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.exec.BlockingExecutor;

class SpooledMessageTest {
    @TempDir
    Path spool;
    final BlockingExecutor executor = new BlockingExecutor(2, 16);

    @AfterEach
    void stop() {
        executor.close();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private byte[] roundTrip(SpooledMessage m, byte[] data, int step) throws Exception {
        for (int i = 0; i < data.length; i += step) {
            if (m.append(Unpooled.wrappedBuffer(data, i, Math.min(step, data.length - i)))) {
                m.drained().get(5, TimeUnit.SECONDS);
            }
        }
        m.finish().get(5, TimeUnit.SECONDS);
        assertEquals(data.length, m.size());
        try (InputStream in = m.open()) {
            return in.readAllBytes();
        }
    }

    private long files() throws Exception {
        try (Stream<Path> s = Files.list(spool)) {
            return s.count();
        }
    }

    @Test
    void smallMessageStaysInMemory() throws Exception {
        byte[] data = random(1000);
        SpooledMessage m = new SpooledMessage(spool, 64 * 1024, executor);
        assertArrayEquals(data, roundTrip(m, data, 7));
        assertArrayEquals(data, m.open().readAllBytes()); // readable again, once per recipient
        assertEquals(0, files());
        m.discard();
    }

    @Test
    void largeMessageSpillsInOrderAndIsDeleted() throws Exception {
        byte[] data = random(1_000_000);
        SpooledMessage m = new SpooledMessage(spool, 4096, executor);
        assertArrayEquals(data, roundTrip(m, data, 8191));
        assertEquals(1, files());
        m.discard();
        for (int i = 0; i < 100 && files() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, files());
    }

    @Test
    void aWriteFailureFailsFinish() throws Exception {
        SpooledMessage m = new SpooledMessage(spool.resolve("missing"), 10, executor);
        m.append(Unpooled.wrappedBuffer(random(100)));
        assertThrows(ExecutionException.class, () -> m.finish().get(5, TimeUnit.SECONDS));
        m.discard();
    }
}
