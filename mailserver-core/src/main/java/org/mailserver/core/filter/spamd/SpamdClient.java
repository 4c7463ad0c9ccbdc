package org.mailserver.core.filter.spamd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.mailserver.core.filter.Watchdog;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.mailserver.core.delivery.MessageSource;

/**
 * One SPAMC/1.5 {@code SYMBOLS} request per connection to spamd, as SpamAssassin's {@code spamc}
 * does: request line, {@code Content-length}, empty line, the message streamed from its source
 * (never held whole), then the reply read up to the connection's end.
 *
 * <p>Thread-safe (no state between calls); blocking; the whole exchange is bounded by the timeout.
 * Failures: {@link SocketTimeoutException} when the time is up, {@link SpamdException} for a reply
 * that is not a success, other {@link IOException}s when spamd cannot be reached.
 */
public final class SpamdClient {
    private static final int MAX_REPLY = 64 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final String host;
    private final int port;
    private final Duration timeout;

    public SpamdClient(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** Scores a message. */
    public SpamdReply symbols(MessageSource message) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket(); Watchdog dog = new Watchdog(socket, timeout)) {
            try {
                socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
                long size = message.size();
                OutputStream out = socket.getOutputStream();
                out.write(("SYMBOLS SPAMC/1.5\r\nContent-length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                copy(message, size, out);
                out.flush();
                socket.shutdownOutput();
                return SpamdReplyParser.parse(readReply(socket, deadline));
            } catch (IOException e) {
                if (dog.fired() && !(e instanceof SocketTimeoutException)) {
                    throw new SocketTimeoutException("no complete reply within " + timeout.toMillis() + " ms");
                }
                throw e;
            }
        }
    }

    private static void copy(MessageSource message, long size, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        long sent = 0;
        try (InputStream in = message.open()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sent += n;
                if (sent > size) {
                    break;
                }
                out.write(buf, 0, n);
            }
        }
        if (sent != size) {
            // spamd would wait for the missing octets or misread the extra ones
            throw new IOException("message source gave " + (sent > size ? "more" : sent) + " octets, size() said " + size);
        }
    }

    private static byte[] readReply(Socket socket, long deadline) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        while (true) {
            socket.setSoTimeout(remainingMillis(deadline));
            int n = in.read(buf);
            if (n < 0) {
                return reply.toByteArray();
            }
            reply.write(buf, 0, n);
            if (reply.size() > MAX_REPLY) {
                throw new SpamdException("reply longer than " + MAX_REPLY + " octets");
            }
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("time is up");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
