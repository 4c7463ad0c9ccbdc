package org.mailserver.smtp.client;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One open connection to a next hop, after the hello. Sends transactions one after another
 * ({@link #send}, then {@link #reset} before the next one) and ends with {@link #quit}.
 *
 * <p>Not thread-safe: used by one delivery thread. After an {@link IOException} the connection is
 * unusable; close it.
 */
public final class SmtpConnection implements AutoCloseable {
    private Socket socket;
    private InputStream rawIn;
    private OutputStream out;
    private ReplyReader replies;
    private final String serverName;
    private final ClientDialect dialect;
    private final ClientTimeouts timeouts;
    private final ScheduledExecutorService watchdog;
    private Extensions extensions = Extensions.none();
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());

    SmtpConnection(Socket socket, String serverName, ClientDialect dialect, ClientTimeouts timeouts,
                   ScheduledExecutorService watchdog) throws IOException {
        this.serverName = serverName;
        this.dialect = dialect;
        this.timeouts = timeouts;
        this.watchdog = watchdog;
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        rawIn = new java.io.BufferedInputStream(s.getInputStream());
        out = new BufferedOutputStream(s.getOutputStream(), DotStuffer.BLOCK);
        replies = new ReplyReader(rawIn);
    }

    /** The server's name, for Remote-MTA. */
    public String serverName() {
        return serverName;
    }

    void greet() throws IOException, RefusedException {
        ClientReply r = read(timeouts.initial()); // RFC 5321 4.5.3.2.1
        if (r.code() != 220) {
            throw new RefusedException(r);
        }
    }

    void hello(String name) throws IOException, RefusedException {
        if (dialect == ClientDialect.LMTP) {
            ClientReply r = command("LHLO " + name, timeouts.initial()); // RFC 2033 4.1
            if (r.code() != 250) {
                throw new RefusedException(r);
            }
            extensions = Extensions.of(r);
            return;
        }
        ClientReply r = command("EHLO " + name, timeouts.initial());
        if (r.code() == 250) {
            extensions = Extensions.of(r);
            return;
        }
        // RFC 5321 3.2: a server that does not know EHLO answers 500/502; fall back to HELO
        if (r.isPermanent()) {
            ClientReply h = command("HELO " + name, timeouts.initial());
            if (h.code() == 250) {
                extensions = Extensions.none();
                return;
            }
            throw new RefusedException(h);
        }
        throw new RefusedException(r);
    }

    boolean offers(String keyword) {
        return extensions.has(keyword);
    }

    /**
     * RFC 3207: STARTTLS, handshake (TLS 1.2 or later), and forget what was learnt before (4.2).
     * False when the server declined (454): opportunistic TLS then goes on in plain text, as
     * Postfix's {@code may} level does. A failed handshake is an IOException (the connection is gone).
     */
    boolean startTls(SSLContext context) throws IOException {
        ClientReply r = command("STARTTLS", timeouts.initial());
        if (r.code() != 220) {
            return false;
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket,
                serverName, socket.getPort(), true);
        tls.setEnabledProtocols(InsecureTls.PROTOCOLS);
        tls.setUseClientMode(true);
        tls.setSoTimeout((int) timeouts.initial().toMillis());
        tls.startHandshake();
        attach(tls);
        extensions = Extensions.none();
        return true;
    }

    /** True when the session runs over TLS. */
    public boolean secure() {
        return socket instanceof SSLSocket;
    }

    /** One transaction: MAIL, RCPT per recipient, DATA; a final reply per recipient. */
    public TransactionResult send(OutboundMessage m) throws IOException {
        return send(m, (i, r) -> { });
    }

    /**
     * The same, telling {@code listener} each LMTP recipient's reply after the data as it arrives
     * (RFC 2033 4.2), so the caller can record a delivery before the next reply, which may never come.
     */
    public TransactionResult send(OutboundMessage m, LmtpReplyListener listener) throws IOException {
        return new ClientTransaction(this, m, listener).run();
    }

    /** RFC 5321 4.1.1.5: RSET before the next transaction on this connection. */
    public void reset() throws IOException {
        ClientReply r = command("RSET", timeouts.initial());
        if (r.code() != 250) {
            throw new ProtocolException("RSET refused: " + r.summary());
        }
    }

    /** QUIT and close; failures here change nothing. */
    public void quit() {
        try {
            command("QUIT", Duration.ofSeconds(10));
        } catch (IOException e) {
            // the transactions are over; the server may drop the connection first
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** What was said on this connection, {@code C: } and {@code S: } lines, for tests and logs. */
    public List<String> transcript() {
        return List.copyOf(transcript);
    }

    Extensions extensions() {
        return extensions;
    }

    ClientDialect dialect() {
        return dialect;
    }

    ClientTimeouts timeouts() {
        return timeouts;
    }

    ClientReply command(String line, Duration timeout) throws IOException {
        transcript.add("C: " + line);
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read(timeout);
    }

    ClientReply read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        ClientReply r;
        try {
            r = replies.read();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("timeout waiting for the reply of " + serverName);
        }
        transcript.add("S: " + r.summary());
        return r;
    }

    /**
     * Streams the message after 354 (RFC 5321 4.5.3.2.5: each block must be written within the
     * data-block timeout). A blocking write cannot time out by itself, so a watchdog closes the
     * socket when one block takes longer; the write then fails with an IOException.
     */
    void writeData(InputStream content) throws IOException {
        long limit = timeouts.dataBlock().toMillis();
        ScheduledFuture<?>[] timer = {arm(limit)};
        try {
            DotStuffer.copy(content, out, () -> {
                timer[0].cancel(false);
                timer[0] = arm(limit);
            });
            out.flush();
        } finally {
            timer[0].cancel(false);
        }
        transcript.add("C: <message data> .");
    }

    private ScheduledFuture<?> arm(long millis) {
        return watchdog.schedule(this::close, millis, TimeUnit.MILLISECONDS);
    }
}
