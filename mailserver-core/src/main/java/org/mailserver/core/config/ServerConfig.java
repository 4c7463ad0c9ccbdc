package org.mailserver.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mailserver.core.auth.LoginLimits;
import org.mailserver.core.net.Cidr;
import org.mailserver.core.transport.ListenerConfig;

/**
 * The process-wide settings, parsed once from {@link Settings}. The directory's own record is built
 * beside it by the daemon; later features read their keys the same way.
 *
 * @param hostname name in greetings and trace headers
 * @param domains lower-case local domains
 * @param dataDir where everything the server keeps lives
 * @param mailstorePath the Maildir path template ({@code %d}, {@code %n}, {@code %u})
 * @param tlsCert PEM certificate chain, when configured
 * @param tlsKey PEM key, when configured
 * @param listeners enabled listeners by name ({@code pop3}, {@code lmtp}, ...)
 * @param maxMessageSize largest message accepted, in octets
 * @param spoolThreshold messages above this size are spooled to disk
 * @param auth how failed logins are slowed and locked out ({@code auth.failure_*}, {@code auth.lockout_*})
 * @param executorThreads threads of the blocking pool
 * @param executorQueue queue length of the blocking pool
 * @param shutdownGrace how long SIGTERM waits for transactions in flight
 */
public record ServerConfig(String hostname, Set<String> domains, Path dataDir, String mailstorePath,
                           Optional<Path> tlsCert, Optional<Path> tlsKey, Map<String, ListenerConfig> listeners,
                           long maxMessageSize, int spoolThreshold, LoginLimits auth, int executorThreads,
                           int executorQueue, Duration shutdownGrace) {

    /** A listener's defining traits: implicit TLS, which idle-timeout key, which line limit. */
    private record Kind(String name, boolean implicitTls, String idleKey, String lineKey, int fixedLine) {
    }

    // RFC 5321 4.5.3.1.4: 512 octets for a command line; IMAP lines carry literals' sizes only.
    private static final Kind[] KINDS = {
        new Kind("smtp", false, "smtp.idle_timeout", null, 512),
        new Kind("submission", false, "smtp.idle_timeout", null, 512),
        new Kind("submissions", true, "smtp.idle_timeout", null, 512),
        new Kind("lmtp", false, "smtp.idle_timeout", null, 512),
        new Kind("imap", false, "imap.idle_timeout", "imap.max_line_length", 0),
        new Kind("imaps", true, "imap.idle_timeout", "imap.max_line_length", 0),
        new Kind("pop3", false, "pop3.idle_timeout", "pop3.max_line_length", 0),
        new Kind("pop3s", true, "pop3.idle_timeout", "pop3.max_line_length", 0),
    };

    /** Reads every key; problems are left in {@code s.problems()} and the result is then meaningless. */
    public static ServerConfig from(Settings s) {
        String hostname = s.string("server.hostname").strip();
        if (hostname.isEmpty()) {
            hostname = localHostName();
        } else if (!hostname.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            s.problem("server.hostname", "a host name of letters, digits, dots and hyphens");
        }
        Set<String> domains = new LinkedHashSet<>();
        for (String d : s.list("domains")) {
            if (!d.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                s.problem("domains", "domain names separated by commas");
            }
            domains.add(d.toLowerCase(Locale.ROOT));
        }
        if (domains.isEmpty()) {
            s.problem("domains", "at least one local domain");
        }
        Path dataDir = s.path("data.dir").orElse(null);
        if (dataDir == null) {
            s.problem("data.dir", "a directory");
            dataDir = Path.of("data").toAbsolutePath();
        }
        String mailstore = s.string("mailstore.path").strip();
        if (mailstore.isEmpty()) {
            mailstore = dataDir.resolve("mail").toString() + "/%d/%n";
        } else if (!mailstore.contains("%n") && !mailstore.contains("%u")) {
            s.problem("mailstore.path", "a path containing %n or %u, so each user gets a Maildir of their own");
        } else {
            mailstore = Path.of(mailstore.replace("%", "_PCT_")).toAbsolutePath().toString().replace("_PCT_", "%");
        }
        Optional<Path> cert = s.readableFile("tls.cert");
        Optional<Path> key = s.readableFile("tls.key");
        if (s.raw("tls.cert").isBlank() != s.raw("tls.key").isBlank()) {
            s.problem(s.raw("tls.cert").isBlank() ? "tls.cert" : "tls.key",
                    "tls.cert and tls.key set together, or both empty for a generated certificate");
        }
        int maxConnections = s.integer("limits.connections", 1, 1_000_000);
        int perAddress = s.integer("limits.connections_per_address", 1, 1_000_000);
        Map<String, ListenerConfig> listeners = new LinkedHashMap<>();
        for (Kind k : KINDS) {
            Duration idle = s.duration(k.idleKey());
            int line = k.lineKey() == null ? k.fixedLine() : s.integer(k.lineKey(), 255, 65536);
            s.hostPort(k.name() + ".listen").ifPresent(hp -> listeners.put(k.name(), new ListenerConfig(k.name(),
                    hp.host(), hp.port(), k.implicitTls(), maxConnections, perAddress, idle, line)));
        }
        return new ServerConfig(hostname, domains, dataDir, mailstore, cert, key, listeners,
                s.number("smtp.max_message_size", 1024, Long.MAX_VALUE),
                s.integer("spool.memory_threshold", 0, 64 * 1024 * 1024),
                loginLimits(s), s.integer("executor.threads", 1, 4096),
                s.integer("executor.queue", 1, 10_000_000), s.duration("shutdown.grace"));
    }

    private static LoginLimits loginLimits(Settings s) {
        List<Cidr> exempt = new ArrayList<>();
        for (String network : s.list("auth.lockout_exempt")) {
            try {
                exempt.add(Cidr.parse(network));
            } catch (IllegalArgumentException e) {
                s.problem("auth.lockout_exempt", "networks in CIDR notation (" + e.getMessage() + ")");
            }
        }
        return new LoginLimits(s.duration("auth.failure_delay"), s.duration("auth.failure_delay_max"),
                s.duration("auth.failure_window"), s.integer("auth.lockout_failures", 0, 1_000_000),
                s.integer("auth.lockout_user_failures", 0, 1_000_000), s.duration("auth.lockout_time"), exempt);
    }

    /** This machine's name, what an empty {@code server.hostname} means. */
    public static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
