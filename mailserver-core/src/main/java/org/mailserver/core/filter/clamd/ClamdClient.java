package org.mailserver.core.filter.clamd;

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
 * One {@code zINSTREAM} per connection to clamd (clamd(8)): the command ended by NUL, the message
 * as chunks of {@code <length: 4 octets, network order><data>} streamed from its source (never held
 * whole), a zero-length chunk, then one NUL-terminated reply line.
 *
 * <p>Thread-safe (no state between calls); blocking; the whole exchange is bounded by the timeout.
 * Failures: {@link SocketTimeoutException} when the time is up, other {@link IOException}s when
 * clamd cannot be reached or drops the connection without a reply. clamd's own errors come back as
 * {@link ClamdReply.Error}.
 */
public final class ClamdClient {
    private static final byte[] COMMAND = "zINSTREAM\0".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_REPLY = 4096;

    private final String host;
    private final int port;
    private final Duration timeout;

    public ClamdClient(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** Scans a message. clamd unpacks MIME itself, so an attachment is scanned decoded. */
    public ClamdReply scan(MessageSource message) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket(); Watchdog dog = new Watchdog(socket, timeout)) {
            try {
                socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
                try {
                    send(message, socket.getOutputStream());
                } catch (IOException e) {
                    // clamd closes the connection when the stream passes its StreamMaxLength, after
                    // writing "INSTREAM size limit exceeded. ERROR": prefer its reason to ours
                    if (dog.fired()) {
                        throw e;
                    }
                    byte[] reply = readReplyQuietly(socket, deadline);
                    if (reply.length == 0) {
                        throw e;
                    }
                    return ClamdReplyParser.parse(reply);
                }
                return ClamdReplyParser.parse(readReply(socket, deadline));
            } catch (IOException e) {
                if (dog.fired() && !(e instanceof SocketTimeoutException)) {
                    throw new SocketTimeoutException("no reply within " + timeout.toMillis() + " ms");
                }
                throw e;
            }
        }
    }

    private static void send(MessageSource message, OutputStream socketOut) throws IOException {
        byte[] buf = new byte[4 + CHUNK];
        socketOut.write(COMMAND);
        try (InputStream in = message.open()) {
            for (int n; (n = in.readNBytes(buf, 4, CHUNK)) > 0; ) {
                buf[0] = (byte) (n >>> 24);
                buf[1] = (byte) (n >>> 16);
                buf[2] = (byte) (n >>> 8);
                buf[3] = (byte) n;
                socketOut.write(buf, 0, 4 + n);
            }
        }
        socketOut.write(new byte[4]); // a zero-length chunk ends the stream
        socketOut.flush();
    }

    private static byte[] readReplyQuietly(Socket socket, long deadline) {
        try {
            return readReply(socket, deadline);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Up to the NUL that ends a z-command's reply, or the connection's end. */
    private static byte[] readReply(Socket socket, long deadline) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (reply.size() < MAX_REPLY) {
            socket.setSoTimeout(remainingMillis(deadline));
            int b = in.read();
            if (b <= 0) {
                break;
            }
            reply.write(b);
        }
        return reply.toByteArray();
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("time is up");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
