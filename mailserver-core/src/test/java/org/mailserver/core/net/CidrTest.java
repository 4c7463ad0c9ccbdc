package org.mailserver.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void containsByPrefix() throws Exception {
        Cidr net = Cidr.parse("192.0.2.128/25");
        assertTrue(net.contains(ip("192.0.2.200")));
        assertFalse(net.contains(ip("192.0.2.127")));
        assertFalse(net.contains(ip("::1")));
        assertTrue(Cidr.parse("10.0.0.0/8").contains(ip("10.255.1.2")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertTrue(Cidr.parse("127.0.0.1").contains(ip("127.0.0.1")));
        assertFalse(Cidr.parse("127.0.0.1").contains(ip("127.0.0.2")));
        assertTrue(Cidr.parse("2001:db8::/32").contains(ip("2001:db8:1::5")));
        assertFalse(Cidr.parse("2001:db8::/33").contains(ip("2001:db8:8000::1")));
        assertEquals("192.0.2.128/25", net.toString());
    }

    @Test
    void anyOfSeveralNetworks() throws Exception {
        List<Cidr> nets = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"));
        assertTrue(Cidr.anyContains(nets, ip("10.1.2.3")));
        assertTrue(Cidr.anyContains(nets, ip("2001:db8::1")));
        assertFalse(Cidr.anyContains(nets, ip("192.0.2.1")));
        assertFalse(Cidr.anyContains(nets, null));
        assertFalse(Cidr.anyContains(List.of(), ip("10.1.2.3")));
    }

    @Test
    void refusesNamesAndBadPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("localhost"));
        // hex letters and dots only: a host name, never to be looked up in the DNS
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("cafe.beef"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("dead.beef/16"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.1"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(""));
    }

}
