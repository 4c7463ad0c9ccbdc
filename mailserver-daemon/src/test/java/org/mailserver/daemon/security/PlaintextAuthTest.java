package org.mailserver.daemon.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.TestLdif;

/**
 * Plaintext authentication on unencrypted connections. How the code decides "loopback": the
 * client's socket address as Netty reports it, {@link InetAddress#isLoopbackAddress()} (127/8 and
 * ::1); an address that cannot be read counts as loopback. So the tests bind the client to a
 * non-loopback address of this machine (found with {@link NetworkInterface}; skipped, and so
 * reported, when the machine has none) and connect to the daemon listening on all addresses.
 *
 * <ul>
 *   <li>{@code auth.plaintext} off (the default): from a non-loopback address IMAP says
 *       LOGINDISABLED and refuses LOGIN/AUTHENTICATE, POP3 refuses USER and AUTH and does not
 *       offer them; from loopback both work; after STARTTLS/STLS both work.
 *   <li>{@code auth.plaintext = true}: IMAP and POP3 logins work from anywhere.
 *   <li>SMTP AUTH is TLS-only whatever the setting and the address: not offered before STARTTLS,
 *       and answered 538 5.7.11 (RFC 4954 6).
 * </ul>
 */
class PlaintextAuthTest {
    static final String PASSWORD = TestLdif.PASSWORDS.get("bob");

    /** A non-loopback IPv4 address of this machine, or null. */
    static String externalAddress() throws Exception {
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!i.isUp() || i.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(i.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        return null;
    }

    @Test
    void refusedFromANonLoopbackAddressByDefault(@TempDir Path dir) throws Exception {
        String external = externalAddress();
        Assumptions.assumeTrue(external != null, "this machine has no non-loopback address to connect from");
        try (SecurityServer server = SecurityServer.startOn(dir, "0.0.0.0")) {
            // IMAP
            try (RawClient c = RawClient.connect(external, server.port("imap"), external)) {
                String greeting = c.line();
                assertTrue(greeting.contains("LOGINDISABLED") && !greeting.contains("AUTH="), greeting);
                c.send("a LOGIN bob " + PASSWORD + "\r\n");
                List<String> r = c.tagged("a");
                assertTrue(r.get(r.size() - 1).startsWith("a NO") || r.get(r.size() - 1).startsWith("a BAD"), r.toString());
                c.send("b AUTHENTICATE PLAIN " + b64("\u0000bob\u0000" + PASSWORD) + "\r\n");
                r = c.tagged("b");
                assertTrue(r.get(r.size() - 1).startsWith("b NO") || r.get(r.size() - 1).startsWith("b BAD"), r.toString());
                c.send("c STARTTLS\r\n");
                c.tagged("c");
                c.startTls();
                c.send("d LOGIN bob " + PASSWORD + "\r\n");
                r = c.tagged("d");
                assertTrue(r.get(r.size() - 1).startsWith("d OK"), "under TLS: " + r);
            }
            // POP3
            try (RawClient c = RawClient.connect(external, server.port("pop3"), external)) {
                assertTrue(c.line().startsWith("+OK"));
                c.send("CAPA\r\n");
                String capa = pop3Multiline(c);
                assertFalse(capa.contains("\nUSER") || capa.contains("\nSASL"), capa);
                assertTrue(capa.contains("\nSTLS"), capa);
                c.send("USER bob\r\n");
                String user = c.line();
                if (user.startsWith("+OK")) {
                    c.send("PASS " + PASSWORD + "\r\n");
                    user = c.line();
                }
                assertTrue(user.startsWith("-ERR"), "USER/PASS in plaintext: " + user);
                c.send("AUTH PLAIN " + b64("\u0000bob\u0000" + PASSWORD) + "\r\n");
                String auth = c.line();
                assertTrue(auth.startsWith("-ERR"), "AUTH PLAIN in plaintext: " + auth);
                c.send("STLS\r\n");
                assertTrue(c.line().startsWith("+OK"));
                c.startTls();
                c.send("USER bob\r\nPASS " + PASSWORD + "\r\n");
                assertTrue(c.line().startsWith("+OK"));
                String pass = c.line();
                assertTrue(pass.startsWith("+OK"), "under TLS: " + pass);
                c.send("QUIT\r\n");
                c.line();
            }
            smtpAuthNeedsTls(server, external);
            // loopback counts as secure (as Dovecot's default)
            try (RawClient c = RawClient.connect("127.0.0.1", server.port("imap"))) {
                assertFalse(c.line().contains("LOGINDISABLED"));
                c.send("a LOGIN bob " + PASSWORD + "\r\n");
                List<String> r = c.tagged("a");
                assertTrue(r.get(r.size() - 1).startsWith("a OK"), "loopback: " + r);
            }
            try (RawClient c = RawClient.connect("127.0.0.1", server.port("pop3"))) {
                assertTrue(c.line().startsWith("+OK"));
                c.send("USER bob\r\nPASS " + PASSWORD + "\r\n");
                assertTrue(c.line().startsWith("+OK"));
                String pass = c.line();
                assertTrue(pass.startsWith("+OK"), "loopback: " + pass);
                c.send("QUIT\r\n");
                c.line();
            }
        }
    }

    @Test
    void allowedWhenAuthPlaintextIsSet(@TempDir Path dir) throws Exception {
        String external = externalAddress();
        Assumptions.assumeTrue(external != null, "this machine has no non-loopback address to connect from");
        try (SecurityServer server = SecurityServer.startOn(dir, "0.0.0.0", "auth.plaintext=true")) {
            try (RawClient c = RawClient.connect(external, server.port("imap"), external)) {
                assertFalse(c.line().contains("LOGINDISABLED"));
                c.send("a LOGIN bob " + PASSWORD + "\r\n");
                List<String> r = c.tagged("a");
                assertTrue(r.get(r.size() - 1).startsWith("a OK"), r.toString());
            }
            try (RawClient c = RawClient.connect(external, server.port("pop3"), external)) {
                assertTrue(c.line().startsWith("+OK"));
                c.send("USER bob\r\nPASS " + PASSWORD + "\r\n");
                assertTrue(c.line().startsWith("+OK"));
                String pass = c.line();
                assertTrue(pass.startsWith("+OK"), pass);
                c.send("QUIT\r\n");
                c.line();
            }
            smtpAuthNeedsTls(server, external);
        }
    }

    /** SMTP AUTH: only after STARTTLS, on the MX and on submission, even from loopback. */
    private static void smtpAuthNeedsTls(SecurityServer server, String external) throws Exception {
        for (String listener : List.of("smtp", "submission")) {
            for (String from : List.of(external, "127.0.0.1")) {
                try (RawClient c = RawClient.connect(from, server.port(listener), from)) {
                    c.expect("220");
                    c.send("EHLO client.test\r\n");
                    String ehlo = String.join("\n", c.expect("250"));
                    assertFalse(ehlo.contains("AUTH"), listener + " from " + from + ": " + ehlo);
                    c.send("AUTH PLAIN " + b64("\u0000bob\u0000" + PASSWORD) + "\r\n");
                    c.expect("538 5.7.11");
                    c.send("STARTTLS\r\n");
                    c.expect("220");
                    c.startTls();
                    c.send("EHLO client.test\r\n");
                    assertTrue(String.join("\n", c.expect("250")).contains("AUTH PLAIN"));
                    c.send("AUTH PLAIN " + b64("\u0000bob\u0000" + PASSWORD) + "\r\n");
                    c.expect("235");
                }
            }
        }
    }

    private static String pop3Multiline(RawClient c) throws Exception {
        StringBuilder b = new StringBuilder();
        String l;
        while ((l = c.line()) != null && !l.equals(".")) {
            b.append(l).append('\n');
        }
        return b.toString();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
