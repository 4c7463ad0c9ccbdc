package org.mailserver.daemon.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.daemon.TestDaemon;

/**
 * The whole daemon for an attack test: every listener (MX, submission, submissions, LMTP, IMAP,
 * IMAPS, POP3, POP3S) on a free port of one address, a temporary data directory, the acceptance
 * kit's users ({@link TestLdif}), and the self-signed certificate the daemon makes for itself.
 */
final class SecurityServer implements AutoCloseable {
    static final String DOMAIN = "example.test";
    static final String HOSTNAME = "mx.example.test";
    static final List<String> LISTENERS = List.of("smtp", "submission", "submissions", "lmtp", "imap", "imaps",
            "pop3", "pop3s");

    final Path dir;
    final String host;
    private final Map<String, Integer> ports;
    private final TestDaemon daemon;

    private SecurityServer(Path dir, String host, Map<String, Integer> ports, TestDaemon daemon) {
        this.dir = dir;
        this.host = host;
        this.ports = ports;
        this.daemon = daemon;
    }

    /** Starts on 127.0.0.1 (LMTP always there) with the extra {@code key=value} settings. */
    static SecurityServer start(Path dir, String... extra) throws Exception {
        return startOn(dir, "127.0.0.1", extra);
    }

    /**
     * Starts with every listener but LMTP on {@code host}. A port found free can be taken by another
     * socket before the daemon binds it (CI failed so once): then again on other ports, a few times.
     */
    static SecurityServer startOn(Path dir, String host, String... extra) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, host, extra);
            } catch (IllegalStateException e) {
                if (attempt == 5 || e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static SecurityServer startOnce(Path dir, String host, String... extra) throws Exception {
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<String> sets = new ArrayList<>(List.of("server.hostname=" + HOSTNAME, "domains=example.test, example.org",
                "data.dir=" + dir.resolve("data"), "directory.ldif=" + ldif, "auth.failure_delay=10ms",
                "auth.failure_delay_max=10ms"));
        for (String l : LISTENERS) {
            int port = freePort();
            ports.put(l, port);
            sets.add(l + ".listen=" + (l.equals("lmtp") ? "127.0.0.1" : host) + ":" + port);
        }
        sets.addAll(List.of(extra));
        return new SecurityServer(dir, host, ports, TestDaemon.start(sets));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port(String listener) {
        return ports.get(listener);
    }

    Path data() {
        return dir.resolve("data");
    }

    Path maildir(String user) {
        return data().resolve("mail").resolve(DOMAIN).resolve(user);
    }

    /** The message files of a user's INBOX ({@code new/} and {@code cur/}). */
    List<Path> inbox(String user) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path d = maildir(user).resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    files.forEach(out::add);
                }
            }
        }
        return out;
    }

    /** The contents of a user's INBOX messages. */
    List<String> inboxTexts(String user) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : inbox(user)) {
            out.add(Files.readString(p));
        }
        return out;
    }

    /** Files of the outbound queue: {@code <id>.msg} and {@code <id>.env} (tmp/ included). */
    List<Path> queued() throws IOException {
        Path q = data().resolve("queue");
        if (!Files.isDirectory(q)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(q)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().contains(".msg") || p.getFileName().toString().contains(".env"))
                    .collect(Collectors.toList());
        }
    }

    /** Delivers a message to a local user over LMTP, asserting success. */
    void deliver(String user, String message) throws IOException {
        try (RawClient c = RawClient.connect("127.0.0.1", port("lmtp"))) {
            c.expect("220");
            c.send("LHLO client.test\r\n");
            c.expect("250");
            c.send("MAIL FROM:<sender@remote.test>\r\n");
            c.expect("250");
            c.send("RCPT TO:<" + user + "@" + DOMAIN + ">\r\n");
            c.expect("250");
            c.send("DATA\r\n");
            c.expect("354");
            c.send(message + ".\r\n");
            c.expect("250");
        }
    }

    @Override
    public void close() {
        daemon.close();
    }
}
