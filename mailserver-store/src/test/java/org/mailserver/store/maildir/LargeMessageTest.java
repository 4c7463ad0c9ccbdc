package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.User;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;

/**
 * A 50 MB message, generated lazily, goes to disk as it is read: while the source is still being
 * read, the tmp/ file already holds nearly everything read so far. Then it is read back by streaming.
 */
class LargeMessageTest {

    private static final long SIZE = 50L * 1024 * 1024;

    @TempDir
    Path dataDir;

    /** CRLF lines of 78 letters plus CRLF, computed from the offset; hashes what it hands out. */
    private static final class Generated extends InputStream {
        private final Path tmpDir;
        private final MessageDigest digest;
        private long position;
        private long maxLag;
        private int samples;

        Generated(Path tmpDir) throws Exception {
            this.tmpDir = tmpDir;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= SIZE) {
                return -1;
            }
            int n = (int) Math.min(len, SIZE - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                int col = (int) (p % 80);
                b[off + i] = col == 78 ? (byte) '\r' : col == 79 ? (byte) '\n' : (byte) ('a' + (p / 80) % 26);
            }
            digest.update(b, off, n);
            position += n;
            if (position % (4 * 1024 * 1024) < n) {
                maxLag = Math.max(maxLag, position - writtenSoFar());
                samples++;
            }
            return n;
        }

        private long writtenSoFar() {
            try (Stream<Path> files = Files.list(tmpDir)) {
                List<Path> all = files.toList();
                assertEquals(1, all.size(), "one file in tmp/ while writing");
                return Files.size(all.get(0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void fiftyMegabytesAreStreamedInAndOut() throws Exception {
        MaildirStore store = new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
        User alice = TestMessages.user("alice@example.test");
        store.open(alice);
        Generated[] made = new Generated[1];
        MessageSource source = new MessageSource() {
            @Override
            public long size() {
                return SIZE;
            }

            @Override
            public InputStream open() throws IOException {
                try {
                    made[0] = new Generated(dataDir.resolve("mail/example.test/alice/tmp"));
                } catch (Exception e) {
                    throw new IOException(e);
                }
                return made[0];
            }
        };
        assertInstanceOf(DeliveryResult.Delivered.class, store.deliver(alice, new byte[0], source));
        assertTrue(made[0].samples >= 10, "sampled the tmp/ file while writing");
        assertTrue(made[0].maxLag <= 2 * MessageWriter.BUFFER_SIZE,
                "the writer holds at most a buffer or two in memory, lag was " + made[0].maxLag);
        String expected = HexFormat.of().formatHex(made[0].digest.digest());

        List<MessageInfo> messages = store.open(alice).inbox().sync();
        assertEquals(SIZE, messages.get(0).size());
        MessageDigest readBack = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(store.open(alice).inbox().open(messages.get(0).uid()), readBack)) {
            byte[] small = new byte[16 * 1024];
            while (in.read(small) != -1) {
                // streaming through a small buffer
            }
        }
        assertEquals(expected, HexFormat.of().formatHex(readBack.digest()));
    }
}
