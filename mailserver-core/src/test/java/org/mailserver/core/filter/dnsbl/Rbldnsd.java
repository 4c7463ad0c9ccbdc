package org.mailserver.core.filter.dnsbl;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real rbldnsd of the test's own on a free loopback UDP port, serving the zones of the acceptance
 * kit ({@code ../shared/acceptance/daemons.py}): {@code zen.test} (ip4set: 127.0.0.2 and
 * 192.0.2.0/24, reply 127.0.0.2), {@code dbl.test} (dnset: spam.test, reply 127.0.1.2), plus
 * {@code bl2.test} (ip4set: 192.0.2.0/24, reply 127.0.0.3) for weights and {@code v6.test}
 * (ip6trie: 2001:db8::/32). {@link #start} fails the test when rbldnsd is missing and {@code CI} or
 * {@code REQUIRE_DAEMONS=1} is set, and skips it otherwise.
 */
final class Rbldnsd implements AutoCloseable {
    private final Process process;
    final int port;

    private Rbldnsd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Optional<Path> binary() {
        return Stream.of("/usr/sbin/rbldnsd", "/usr/local/sbin/rbldnsd", "/usr/bin/rbldnsd").map(Path::of)
                .filter(Files::isExecutable).findFirst();
    }

    static boolean required() {
        String ci = System.getenv("CI");
        String req = System.getenv("REQUIRE_DAEMONS");
        return (ci != null && !ci.isEmpty() && !ci.equals("false")) || "1".equals(req) || "true".equals(req);
    }

    static Rbldnsd start(Path dir) throws Exception {
        Optional<Path> bin = binary();
        if (bin.isEmpty()) {
            String why = "rbldnsd not found: install it with scripts/install-test-deps";
            if (required()) {
                Assertions.fail(why + " (required: CI or REQUIRE_DAEMONS=1 is set)");
            }
            Assumptions.abort(why);
        }
        Files.writeString(dir.resolve("ip"), ":127.0.0.2:Listed by the test DNSBL\n127.0.0.2\n192.0.2.0/24\n");
        Files.writeString(dir.resolve("ip2"), ":127.0.0.3:Listed by the second DNSBL\n192.0.2.0/24\n");
        Files.writeString(dir.resolve("ip6"), ":127.0.0.2:IPv6 listed\n2001:db8::/32\n");
        Files.writeString(dir.resolve("dom"), ":127.0.1.2:Domain listed by the test RHSBL\nspam.test\n");
        // rbldnsd chroots into the directory and drops root for user rbldns, which must read the files
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : List.of("ip", "ip2", "ip6", "dom")) {
            Files.setPosixFilePermissions(dir.resolve(f), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(bin.get().toString(), "-n", "-r", dir.toString(), "-b", "127.0.0.1/" + port,
                "zen.test:ip4set:ip", "bl2.test:ip4set:ip2", "v6.test:ip6trie:ip6", "dbl.test:dnset:dom")
                .redirectErrorStream(true).redirectOutput(dir.resolve("rbldnsd.log").toFile()).start();
        Rbldnsd r = new Rbldnsd(p, port);
        r.awaitReady(Duration.ofSeconds(10));
        return r;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private void awaitReady(Duration timeout) throws Exception {
        SimpleResolver probe = new SimpleResolver(address());
        probe.setTimeout(Duration.ofMillis(200));
        Message q = Message.newQuery(Record.newRecord(Name.fromString("2.0.0.127.zen.test."), Type.A, DClass.IN));
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("rbldnsd exited with " + process.exitValue());
            }
            try {
                if (!probe.send(q).getSection(1).isEmpty()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        close();
        throw new IOException("rbldnsd did not answer within " + timeout);
    }

    List<InetSocketAddress> servers() {
        return List.of(address());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
