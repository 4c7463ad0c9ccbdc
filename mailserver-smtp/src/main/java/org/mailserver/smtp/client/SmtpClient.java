package org.mailserver.smtp.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;

/**
 * Opens connections to next hops: greeting, EHLO (HELO when EHLO is refused) or LHLO, and
 * opportunistic STARTTLS when offered (RFC 3207), then EHLO again (3207 4.2).
 *
 * <p>Blocking sockets on the queue's delivery threads, not Netty: outbound delivery is I/O-bound
 * and strictly sequential per connection (one command, one reply; no PIPELINING), the number of
 * connections is bounded by the queue's pool, and a plain stream makes streaming the message
 * from its file with back-pressure trivial. No event loop is ever involved.
 *
 * <p>Thread-safe; each {@link SmtpConnection} is used by one thread at a time.
 */
public final class SmtpClient implements AutoCloseable {
    private final String heloName;
    private final ClientTimeouts timeouts;
    private final boolean startTls;
    private final SSLContext tls = InsecureTls.context();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smtp-client-watchdog");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param heloName our name in EHLO/LHLO ({@code server.hostname})
     * @param timeouts reply timeouts, {@link ClientTimeouts#rfc5321()} in production
     * @param startTls use STARTTLS when the server offers it
     */
    public SmtpClient(String heloName, ClientTimeouts timeouts, boolean startTls) {
        this.heloName = heloName;
        this.timeouts = timeouts;
        this.startTls = startTls;
    }

    /**
     * Connects and says hello. {@code serverName} is the host name used for TLS SNI and Remote-MTA.
     *
     * @throws IOException on a network failure or timeout (transient)
     * @throws RefusedException when the greeting or hello is refused (its reply says 4xx or 5xx)
     */
    public SmtpConnection connect(InetSocketAddress address, String serverName, ClientDialect dialect)
            throws IOException, RefusedException {
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) timeouts.connect().toMillis());
            socket.setTcpNoDelay(true);
            SmtpConnection c = new SmtpConnection(socket, serverName, dialect, timeouts, watchdog);
            c.greet();
            c.hello(heloName);
            if (startTls && dialect == ClientDialect.SMTP && c.offers("STARTTLS")) {
                if (c.startTls(tls)) {
                    c.hello(heloName); // RFC 3207 4.2: EHLO again over TLS
                }
            }
            return c;
        } catch (IOException | RefusedException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
