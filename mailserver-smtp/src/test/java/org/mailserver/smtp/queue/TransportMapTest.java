package org.mailserver.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.smtp.client.ClientDialect;

class TransportMapTest {

    @Test
    void parsesPostfixTransportLines(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("transport");
        Files.writeString(f, """
                # comment line
                remote.test      smtp:[127.0.0.1]:2525   # trailing comment
                .sub.test        smtp:relay.sub.test
                Lists.Test       lmtp:[10.0.0.1]:24

                exact.test       smtp:
                *                smtp:[smarthost.test]
                """);
        TransportMap map = TransportMap.load(f);
        assertEquals(Optional.of(new NextHop(ClientDialect.SMTP, "127.0.0.1", 2525, false)), map.lookup("remote.test"));
        assertEquals(Optional.of(new NextHop(ClientDialect.SMTP, "relay.sub.test", 25, true)), map.lookup("a.b.sub.test"));
        assertEquals(Optional.of(new NextHop(ClientDialect.LMTP, "10.0.0.1", 24, false)), map.lookup("LISTS.test"));
        assertEquals(Optional.of(new NextHop(ClientDialect.SMTP, "", 25, true)), map.lookup("exact.test"));
        // ".sub.test" matches subdomains only, like Postfix with parent_domain_matches_subdomains off
        assertEquals(Optional.of(new NextHop(ClientDialect.SMTP, "smarthost.test", 25, false)), map.lookup("sub.test"));
        assertEquals(Optional.of(new NextHop(ClientDialect.SMTP, "smarthost.test", 25, false)), map.lookup("other.test"));
    }

    @Test
    void withoutDefaultAnUnlistedDomainUsesMx() throws Exception {
        TransportMap map = TransportMap.parse("t", List.of("a.test smtp:[h]:1"));
        assertEquals(Optional.empty(), map.lookup("b.test"));
        assertEquals(Optional.empty(), TransportMap.empty().lookup("a.test"));
    }

    @Test
    void reportsEveryBadLineWithFileAndLine() {
        TransportMapException e = assertThrows(TransportMapException.class, () -> TransportMap.parse("/etc/transport",
                List.of("ok.test smtp:[h]:25", "bad.test uucp:h", "# fine", "port.test smtp:[h]:99999",
                        "lonely.test", "open.test smtp:[h:25", "ok.test smtp:[other]")));
        String m = e.getMessage();
        assertTrue(m.contains("/etc/transport:2: unknown transport \"uucp\""), m);
        assertTrue(m.contains("/etc/transport:4: bad port"), m);
        assertTrue(m.contains("/etc/transport:5: expected"), m);
        assertTrue(m.contains("/etc/transport:6: missing ]"), m);
        assertTrue(m.contains("/etc/transport:7: duplicate entry for ok.test"), m);
        assertEquals(5, m.lines().count(), m);
    }

    @Test
    void missingFileIsAnError(@TempDir Path tmp) {
        TransportMapException e = assertThrows(TransportMapException.class,
                () -> TransportMap.load(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("nope: cannot read"), e.getMessage());
    }
}
