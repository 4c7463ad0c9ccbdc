package org.mailserver.daemon.abuse;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw socket for attacks: octets out as given, lines in. */
final class Raw implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Raw(int port) throws IOException {
        this(InetAddress.getLoopbackAddress(), port);
    }

    /** Connects from {@code from} (any 127.0.0.x works on Linux), to 127.0.0.1. */
    Raw(InetAddress from, int port) throws IOException {
        this(from, port, 0);
    }

    /** As above with a receive buffer of {@code receiveBuffer} octets (0: the system's), for a client that stops reading. */
    Raw(InetAddress from, int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
    }

    Raw timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    /** One line without its CRLF, or null at the end of the stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** An SMTP reply's last line (all its lines read). */
    String reply() throws IOException {
        String l;
        do {
            l = line();
        } while (l != null && l.length() > 3 && l.charAt(3) == '-');
        return l;
    }

    /** Lines up to and including the first starting with {@code prefix}; fails at the end of the stream. */
    List<String> until(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = line();
            if (l == null) {
                throw new IOException("closed before '" + prefix + "': " + lines);
            }
            lines.add(l);
        } while (!l.startsWith(prefix));
        return lines;
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] octets) throws IOException {
        out.write(octets);
        out.flush();
    }

    /** Reads and drops whatever comes until the server closes; true if it did within the socket timeout. */
    boolean closedByServer() throws IOException {
        byte[] b = new byte[8192];
        try {
            while (in.read(b) >= 0) {
                // drop
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true; // a reset is a close too
        }
    }

    /** Octets read until the end of the stream; a {@link SocketTimeoutException} if it does not come. */
    long drain() throws IOException {
        long n = 0;
        byte[] b = new byte[65536];
        try {
            for (int r = in.read(b); r >= 0; r = in.read(b)) {
                n += r;
            }
        } catch (SocketTimeoutException open) {
            throw new SocketTimeoutException("still open after " + n + " octets");
        } catch (IOException reset) {
            // a reset is an end too
        }
        return n;
    }

    /** Closes with a reset: no TIME_WAIT left behind, for tests that open thousands of connections. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
