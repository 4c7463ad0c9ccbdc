package org.mailserver.pop3.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.exec.BlockingExecutor;

/** USER/PASS and AUTH: success, refusals with their response codes, the throttle, SASL framing. */
class Pop3LoginTest {
    private final FakeDirectory directory = new FakeDirectory()
            .add("alice", "alice pw", AccountStatus.ACTIVE)
            .add("nick", "nick-pw", AccountStatus.NOACCESS)
            .add("long", "p".repeat(1000), AccountStatus.ACTIVE);
    private final FakeStore store = new FakeStore();
    private Pop3TestServer server;

    private LineClient connect() throws Exception {
        if (server == null) {
            server = new Pop3TestServer(directory, store);
        }
        LineClient c = new LineClient(server.port());
        assertTrue(c.line().startsWith("+OK"));
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void badPasswordIsAuthErrorAfterADelayAndTheSessionGoesOn() throws Exception {
        try (LineClient c = connect()) {
            c.cmd("USER alice");
            long t0 = System.nanoTime();
            assertEquals("-ERR [AUTH] authentication failed", c.cmd("PASS wrong"));
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Pop3TestServer.THROTTLE_STEP) >= 0,
                    "failed login answered without the throttle's delay");
            assertEquals("-ERR USER first", c.cmd("PASS alice pw"));
            c.cmd("USER nobody");
            assertEquals("-ERR [AUTH] authentication failed", c.cmd("PASS x"));
            c.cmd("USER alice");
            assertTrue(c.cmd("PASS alice pw").startsWith("+OK maildrop has 0 messages"), "password with a space");
        }
    }

    @Test
    void accountThatMayNotLogInIsAuthError() throws Exception {
        try (LineClient c = connect()) {
            c.cmd("USER nick");
            assertEquals("-ERR [AUTH] account may not log in", c.cmd("PASS nick-pw"));
        }
    }

    @Test
    void directoryOutageIsTemporary() throws Exception {
        directory.down = true;
        try (LineClient c = connect()) {
            c.cmd("USER alice");
            assertEquals("-ERR [SYS/TEMP] authentication service unavailable, try again later", c.cmd("PASS alice pw"));
            assertEquals("-ERR [SYS/TEMP] authentication service unavailable, try again later",
                    c.cmd("AUTH PLAIN " + b64("\0alice\0alice pw")));
        }
    }

    @Test
    void fullExecutorIsTemporary() throws Exception {
        BlockingExecutor tiny = new BlockingExecutor(1, 1);
        CountDownLatch hold = new CountDownLatch(1);
        server = new Pop3TestServer(directory, store, null, false, Duration.ofMinutes(10), tiny);
        try (LineClient c = connect()) {
            tiny.submit(() -> hold.await(30, java.util.concurrent.TimeUnit.SECONDS));
            tiny.submit(() -> hold.await(30, java.util.concurrent.TimeUnit.SECONDS));
            c.cmd("USER alice");
            assertEquals("-ERR [SYS/TEMP] authentication service unavailable, try again later", c.cmd("PASS alice pw"));
        } finally {
            hold.countDown();
        }
    }

    @Test
    void authPlainWithAndWithoutInitialResponse() throws Exception {
        try (LineClient c = connect()) {
            assertEquals("+ ", c.cmd("AUTH PLAIN"));
            assertTrue(c.cmd(b64("\0alice\0alice pw")).startsWith("+OK maildrop has 0 messages"));
            c.cmd("QUIT");
        }
        try (LineClient c = connect()) {
            assertTrue(c.cmd("AUTH PLAIN " + b64("alice\0alice\0alice pw")).startsWith("+OK maildrop"));
        }
    }

    @Test
    void authLoginWithAndWithoutInitialResponse() throws Exception {
        try (LineClient c = connect()) {
            assertEquals("+ VXNlcm5hbWU6", c.cmd("AUTH LOGIN"));
            assertEquals("+ UGFzc3dvcmQ6", c.cmd(b64("alice")));
            assertTrue(c.cmd(b64("alice pw")).startsWith("+OK maildrop"));
            c.cmd("QUIT");
        }
        try (LineClient c = connect()) {
            assertEquals("+ UGFzc3dvcmQ6", c.cmd("auth login " + b64("alice@example.test")));
            assertEquals("-ERR [AUTH] authentication failed", c.cmd(b64("wrong")));
        }
    }

    @Test
    void saslCancelGarbageAndRefusals() throws Exception {
        try (LineClient c = connect()) {
            assertEquals("+OK SASL mechanisms follow", c.cmd("AUTH"));
            assertEquals(List.of("PLAIN", "LOGIN"), c.body());
            assertEquals("-ERR unsupported authentication mechanism", c.cmd("AUTH CRAM-MD5"));
            c.cmd("AUTH LOGIN");
            assertEquals("-ERR authentication cancelled", c.cmd("*"));
            assertEquals("-ERR authentication cancelled", c.cmd("AUTH PLAIN *"));
            c.cmd("AUTH PLAIN");
            assertEquals("-ERR invalid base64: unexpected character", c.cmd("not base64!!"));
            assertEquals("-ERR invalid base64: length is not a multiple of 4", c.cmd("AUTH PLAIN AGFsaWNlA"));
            assertEquals("-ERR authorization identity must be empty or the user's own",
                    c.cmd("AUTH PLAIN " + b64("bob\0alice\0alice pw")));
            assertEquals("-ERR PLAIN message must be authzid NUL authcid NUL password", c.cmd("AUTH PLAIN ="));
            assertEquals("+OK capability list follows", c.cmd("CAPA"), "still in AUTHORIZATION and reading commands");
            c.body();
        }
    }

    @Test
    void saslResponseMayBeLongerThanACommandLine() throws Exception {
        String response = b64("\0long\0" + "p".repeat(1000)); // 1,340 octets; commands stop at 255 here
        try (LineClient c = connect()) {
            assertEquals("-ERR line too long", c.cmd("AUTH PLAIN " + response), "RFC 5034 4: not in the command");
            assertEquals("+ ", c.cmd("AUTH PLAIN"));
            assertEquals("-ERR line too long, authentication cancelled", c.cmd("A".repeat(Pop3Session.SASL_LINE_LIMIT)));
            assertEquals("-ERR line too long", c.cmd("USER " + "x".repeat(300)), "the command limit is back");
            assertEquals("+ ", c.cmd("AUTH PLAIN"));
            assertTrue(c.cmd(response).startsWith("+OK maildrop has 0 messages"));
            assertEquals("-ERR line too long", c.cmd("LIST " + "1".repeat(300)));
        }
    }
}
