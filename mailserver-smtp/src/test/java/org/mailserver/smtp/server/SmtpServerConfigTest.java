package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailserver.core.net.Cidr;

class SmtpServerConfigTest {

    @Test
    void configTrustsOnlyListedNetworks() throws Exception {
        SmtpServerConfig none = SmtpServerConfig.defaults(Dialect.ESMTP, java.nio.file.Path.of("/tmp/x"));
        assertFalse(none.trusted(ip("127.0.0.1")), "loopback is not trusted unless configured");
        assertTrue(none.withTrustedNetworks(List.of(Cidr.parse("127.0.0.0/8"))).trusted(ip("127.0.0.1")));
        assertFalse(none.trusted(null));
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }
}
