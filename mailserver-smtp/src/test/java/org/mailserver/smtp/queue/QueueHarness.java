package org.mailserver.smtp.queue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.directory.AuthResult;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.User;
import org.mailserver.core.dns.DnsResolver;
import org.mailserver.core.dns.TestDnsServer;
import org.mailserver.smtp.client.ClientTimeouts;
import org.mailserver.store.maildir.MaildirStore;

/** A queue on a temporary directory with a real Maildir store, an in-test DNS server and short timers. */
final class QueueHarness implements AutoCloseable {
    final Path root;
    final MaildirStore store;
    final MapDirectory directory = new MapDirectory();
    final TestDnsServer dns;
    final DnsResolver resolver;
    QueueManager queue;

    QueueHarness(Path root) throws IOException {
        this.root = root;
        this.store = new MaildirStore(root.resolve("mail").toAbsolutePath() + "/%d/%n", "mx.example.test");
        this.dns = new TestDnsServer();
        this.resolver = new DnsResolver(List.of(dns.address()), Duration.ofSeconds(2));
        directory.add(user("alice", "alice@example.test"));
    }

    Path queueDir() {
        return root.resolve("queue");
    }

    QueueConfig config(TransportMap map, RetryPolicy retry) {
        return QueueConfig.of(queueDir(), "mx.example.test", retry, map).withTimeouts(
                ClientTimeouts.all(Duration.ofSeconds(5)));
    }

    QueueManager start(QueueConfig config) throws IOException {
        queue = new QueueManager(config, resolver, store, directory);
        queue.start();
        return queue;
    }

    static RetryPolicy fast() {
        return new RetryPolicy(List.of(Duration.ofMillis(200)), Duration.ofMinutes(5));
    }

    static TransportMap map(String... lines) throws TransportMapException {
        return TransportMap.parse("test-transport", List.of(lines));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static MessageSource text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new MessageSource() {
            @Override
            public long size() {
                return b.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(b);
            }
        };
    }

    static String message(String subject) {
        return "From: alice@example.test\r\nTo: someone\r\nSubject: " + subject + "\r\n\r\nbody of " + subject
                + "\r\n.dotted line\r\n";
    }

    static QueueEnvelope envelope(String sender, String... rcpts) {
        return new QueueEnvelope(null, sender, Stream.of(rcpts)
                .map(r -> new QueueEnvelope.Recipient(r, false, Set.of(), Optional.empty())).toList(),
                Optional.empty(), QueueEnvelope.Ret.UNSPECIFIED, false, false);
    }

    static User user(String uid, String mail) {
        return new User("uid=" + uid + ",dc=test", uid, mail, List.of(), AccountStatus.ACTIVE, Optional.empty(), 0, 0,
                List.of(), List.of(), Optional.empty());
    }

    /** Files in a user's Maildir new/. */
    List<Path> inbox(String domain, String local) throws IOException {
        Path dir = root.resolve("mail").resolve(domain).resolve(local).resolve("new");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        if (queue != null) {
            queue.stop();
        }
        dns.close();
    }

    static final class MapDirectory implements Directory {
        final Map<String, User> users = new ConcurrentHashMap<>();

        void add(User u) {
            users.put(u.mail().toLowerCase(Locale.ROOT), u);
        }

        @Override
        public Optional<User> findByAddress(String address) {
            return Optional.ofNullable(users.get(address.toLowerCase(Locale.ROOT)));
        }

        @Override
        public Optional<User> findByLogin(String login) {
            return findByAddress(login);
        }

        @Override
        public AuthResult authenticate(String login, char[] password) {
            return new AuthResult.BadCredentials();
        }

        @Override
        public void close() {
        }
    }
}
