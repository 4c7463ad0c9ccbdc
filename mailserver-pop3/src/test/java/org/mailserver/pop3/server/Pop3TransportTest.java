package org.mailserver.pop3.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.Listeners;
import org.mailserver.core.transport.ServerContext;

/** Pop3Protocol behind the daemon's own transport: connection limits and the SIGTERM drain. */
class Pop3TransportTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void limitsAndDrain() throws Exception {
        FakeDirectory directory = new FakeDirectory().add("alice", "pw", AccountStatus.ACTIVE);
        FakeStore store = new FakeStore();
        store.inbox("alice").add("Subject: a\r\n\r\nbody\r\n");
        int port = freePort();
        try (BlockingExecutor executor = new BlockingExecutor(2, 10); Listeners listeners = new Listeners(1, null)) {
            ServerContext ctx = new ServerContext("pop.example.test", Set.of("example.test"), null, executor, directory,
                    new LoginThrottle(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMinutes(1)));
            listeners.bind(new ListenerConfig("pop3", "127.0.0.1", port, false, 1, 1, Duration.ofMinutes(10), 255),
                    new Pop3Protocol(ctx, store));
            try (LineClient first = new LineClient(port)) {
                assertEquals("+OK pop.example.test POP3 server ready", first.line());
                try (LineClient refused = new LineClient(port)) {
                    assertEquals("-ERR [SYS/TEMP] too many connections, try again later", refused.line(),
                            "a refused client gets the refusal and no greeting");
                    assertTrue(refused.closedByServer());
                }
                first.cmd("USER alice");
                first.cmd("PASS pw");
                assertEquals("+OK message 1 deleted", first.cmd("DELE 1"));
                assertTrue(listeners.drain(5000), "an idle session closes on shutdown");
                assertTrue(first.closedByServer());
            }
        }
        assertEquals(1, store.inbox("alice").size(), "shutdown before QUIT deletes nothing");
    }
}
