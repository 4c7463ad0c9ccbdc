package org.mailserver.daemon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No open relay on the MX (port 25 role), unauthenticated, from a client outside
 * {@code smtp.trusted_networks} (empty, so loopback too is untrusted): every address of the classic
 * relay-test lists (the percent hack, bang paths, source routes, quoted local parts, address
 * literals, and the sender/HELO disguises that {@code swaks} and the old {@code mailrelay}/abuse.net
 * suites try) is refused with a 5xx at RCPT, DATA then has no recipient, and nothing reaches the
 * outbound queue or a mailbox.
 */
class OpenRelayTest {
    @TempDir
    static Path dir;
    static SecurityServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SecurityServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Forward paths as written after {@code RCPT TO:}; example.test is ours, other.test is not. */
    static List<String> relayAddresses() {
        return List.of(
                "<victim@other.test>",
                "<bob%other.test@example.test>",
                "<bob%other.test@EXAMPLE.TEST>",
                "<victim%other.test@[127.0.0.1]>",
                "<victim%other.test@mx.example.test>",
                "<victim@other.test@example.test>",
                "<@example.test:victim@other.test>",
                "<@example.test,@mx.example.test:victim@other.test>",
                "<\"victim@other.test\"@example.test>",
                "<\"bob@other.test\"@example.test>",
                "<\"victim%other.test\"@example.test>",
                "<\"victim@other.test\">",
                "<other.test!victim@example.test>",
                "<other.test!bob@example.test>",
                "<example.test!other.test!victim@example.test>",
                "<other.test!victim>",
                "<victim%other.test>",
                "<victim@other.test%example.test>",
                "<victim@[192.0.2.99]>",
                "<victim@[127.0.0.1]>",
                "<victim@[IPv6:::1]>",
                "<victim@localhost>",
                "<victim@example.test.other.test>",
                "<victim@other.test.>",
                "<victim@other.test:example.test>",
                "<postmaster@other.test>",
                "victim@other.test",
                "<victim@other.test> NOTIFY=NEVER",
                "<\"victim@other.test\"@[127.0.0.1]>");
    }

    @ParameterizedTest
    @MethodSource("relayAddresses")
    void relayAttemptIsRefusedAndNothingIsQueued(String forwardPath) throws Exception {
        for (String sender : List.of("<spammer@remote.test>", "<>", "<bob@example.test>", "<postmaster@mx.example.test>")) {
            attempt("client.remote.test", sender, forwardPath);
        }
    }

    /** A HELO name that claims to be us, a local domain or loopback buys no relay rights. */
    @ParameterizedTest
    @MethodSource("relayAddresses")
    void relayAttemptWithATrustedLookingHeloIsRefused(String forwardPath) throws Exception {
        for (String helo : List.of("mx.example.test", "example.test", "localhost", "[127.0.0.1]", "localhost.localdomain")) {
            attempt(helo, "<bob@example.test>", forwardPath);
        }
    }

    private static void attempt(String helo, String sender, String forwardPath) throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", server.port("smtp"))) {
            c.expect("220");
            c.send("EHLO " + helo + "\r\n");
            c.expect("250");
            c.send("MAIL FROM:" + sender + "\r\n");
            c.expect("250");
            c.send("RCPT TO:" + forwardPath + "\r\n");
            List<String> r = c.reply();
            assertTrue(r.size() == 1 && r.get(0).startsWith("5"),
                    "HELO " + helo + " MAIL " + sender + " RCPT " + forwardPath + ": " + r);
            c.send("DATA\r\n");
            List<String> d = c.reply();
            assertTrue(d.get(0).startsWith("5"), "DATA after a refused relay: " + d);
            c.send("QUIT\r\n");
            c.expect("221");
        }
        assertEquals(List.of(), server.queued(), "queued for relay: " + forwardPath);
    }

    /**
     * The harness can tell: a local recipient on the same connection is accepted and delivered, so a
     * refusal above is the relay check, not a broken session.
     */
    @Test
    void aLocalRecipientIsStillAcceptedAndNoOtherMailboxAppears() throws Exception {
        try (RawClient c = RawClient.connect("127.0.0.1", server.port("smtp"))) {
            c.expect("220");
            c.send("EHLO client.remote.test\r\n");
            c.expect("250");
            c.send("MAIL FROM:<someone@remote.test>\r\nRCPT TO:<victim@other.test>\r\nRCPT TO:<erin@example.test>\r\nDATA\r\n");
            c.expect("250");
            c.expect("554");
            c.expect("250");
            c.expect("354");
            c.send("Subject: control\r\n\r\nhello\r\n.\r\n");
            c.expect("250");
        }
        assertEquals(1, server.inbox("erin").size());
        assertEquals(List.of(), server.queued());
        try (Stream<Path> domains = Files.list(server.data().resolve("mail"))) {
            assertEquals(List.of("example.test"), domains.map(p -> p.getFileName().toString()).toList());
        }
    }
}
