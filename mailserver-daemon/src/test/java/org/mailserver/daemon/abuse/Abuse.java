package org.mailserver.daemon.abuse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.mailserver.core.testing.TestLdif;

/** What the abuse tests share: ports, logins, filler octets, disk usage. */
final class Abuse {
    static final int MB = 1024 * 1024;

    private Abuse() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static byte[] filler(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    /**
     * Memory this JVM holds for data: the heap in use after a collection, plus the direct memory of
     * Netty's allocator (the daemon's channels allocate from it).
     */
    static long memoryInUse() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long direct = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider m
                ? m.metric().usedDirectMemory() : 0;
        return rt.totalMemory() - rt.freeMemory() + direct;
    }

    /** Octets in the regular files under {@code dir}. */
    static long usage(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException gone) {
                    return 0; // moved or deleted meanwhile
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SMTP (or LMTP, {@code hello = "LHLO"}) session past its greeting and EHLO. */
    static Raw smtp(int port, String hello) throws IOException {
        return smtp(new Raw(port), hello);
    }

    /** As above on a connection already open. */
    static Raw smtp(Raw c, String hello) throws IOException {
        assertTrue(c.reply().startsWith("220 "));
        c.send(hello + " client.remote.test\r\n");
        assertTrue(c.reply().startsWith("250 "));
        return c;
    }

    /** An IMAP session logged in as {@code user}. */
    static Raw imap(int port, String user) throws IOException {
        Raw c = new Raw(port);
        assertTrue(c.line().startsWith("* OK"));
        c.send("l1 LOGIN " + user + " " + TestLdif.PASSWORDS.get(user) + "\r\n");
        List<String> r = c.until("l1 ");
        assertTrue(r.get(r.size() - 1).startsWith("l1 OK"), r.toString());
        return c;
    }
}
