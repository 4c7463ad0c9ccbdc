package org.mailserver.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("conf/mailserver.conf"))) {
            p = p.getParent();
        }
        return p;
    }

    @Test
    void shippedFileIsTheRenderingOfTheKeys() throws IOException {
        String shipped = Files.readString(projectRoot().resolve("conf/mailserver.conf"));
        assertEquals(ConfigTemplate.render(), shipped,
                "conf/mailserver.conf differs from ConfigKeys: run ConfigTemplate.main to regenerate it");
    }

    @Test
    void shippedReferenceIsTheRenderingOfTheKeys() throws IOException {
        String shipped = Files.readString(projectRoot().resolve("docs/configuration.md"));
        assertEquals(ConfigReference.render(), shipped,
                "docs/configuration.md differs from ConfigKeys: run ConfigReference.main to regenerate it");
        for (ConfigKey k : ConfigKeys.ALL) {
            assertTrue(shipped.contains("| `" + k.name() + "` |"), k.name());
        }
    }

    @Test
    void everyKeyOfTheAcceptanceContractExists() {
        for (String k : List.of("server.hostname", "domains", "data.dir", "mailstore.path", "directory.ldif",
                "directory.url", "directory.bind.dn", "directory.bind.password", "directory.base", "tls.cert",
                "tls.key", "smtp.listen", "submission.listen", "submissions.listen", "lmtp.listen", "imap.listen",
                "imaps.listen", "pop3.listen", "pop3s.listen", "smtp.trusted_networks", "smtp.max_message_size",
                "relay.transport_maps", "queue.retry_intervals", "queue.max_age", "dns.servers",
                "filter.rbl.zones", "filter.rhsbl.zones", "filter.header_checks", "filter.spamd",
                "filter.spamd.tag_score", "filter.spamd.reject_score", "filter.clamd", "filter.greylist",
                "filter.greylist.delay", "metrics.listen")) {
            assertTrue(ConfigKeys.get(k) != null, k);
        }
    }

    @Test
    void defaultsAreValid() {
        Settings s = new Settings(Map.of());
        ServerConfig c = ServerConfig.from(s);
        assertEquals(List.of(), s.problems());
        assertEquals(8, c.listeners().size());
        assertEquals(Duration.ofMinutes(10), c.listeners().get("pop3").idleTimeout());
        assertEquals(Duration.ofMinutes(5), c.listeners().get("lmtp").idleTimeout());
        assertTrue(c.listeners().get("pop3s").implicitTls());
        assertTrue(c.mailstorePath().endsWith("/data/mail/%d/%n"), c.mailstorePath());
    }

    @Test
    void everyProblemIsReportedAtOnceNamingKeyValueAndWhatIsAllowed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mailserver.conf");
        Files.writeString(file, "pop3.listen = nowhere\nno.such.key = 1\nshutdown.grace = soon\n"
                + "this line is wrong\nlimits.connections = 0\n");
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        ConfigFile.read(file, values, problems);
        ConfigFile.override("tls.cert=/no/such/file", values, problems);
        ConfigFile.override("relay.transport_maps=/no/such/map", values, problems);
        Settings s = new Settings(values);
        ServerConfig.from(s);
        RelayConfig.from(s);
        problems.addAll(s.problems());
        String all = String.join("\n", problems);
        assertTrue(all.contains(":2: unknown key 'no.such.key'"), all);
        assertTrue(all.contains(":4: expected 'key = value'"), all);
        assertTrue(all.contains("pop3.listen = 'nowhere' is not allowed: expected host:port"), all);
        assertTrue(all.contains("shutdown.grace = 'soon' is not allowed: expected a duration"), all);
        assertTrue(all.contains("limits.connections = '0' is not allowed: expected a whole number from 1"), all);
        assertTrue(all.contains("tls.cert = '/no/such/file' is not allowed: expected a readable file"), all);
        assertTrue(all.contains("relay.transport_maps = '/no/such/map' is not allowed: expected a readable file"), all);
        assertEquals(8, problems.size(), all);
    }

    @Test
    void emptyListenTurnsAListenerOffAndIpv6Parses() {
        Settings s = new Settings(Map.of("smtp.listen", "", "imap.listen", "[::1]:1143"));
        ServerConfig c = ServerConfig.from(s);
        assertEquals(List.of(), s.problems());
        assertTrue(!c.listeners().containsKey("smtp"));
        assertEquals("::1", c.listeners().get("imap").host());
        assertEquals(1143, c.listeners().get("imap").port());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(250), Settings.parseDuration("250ms"));
        assertEquals(Duration.ofSeconds(30), Settings.parseDuration("30"));
        assertEquals(Duration.ofDays(5), Settings.parseDuration("5d"));
        assertEquals(null, Settings.parseDuration("-1s"));
    }
}
