package org.mailserver.daemon.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A client that writes exactly the bytes it is given, each {@link #send} in one write (one TCP
 * segment on loopback, so pipelined attacks arrive together), and reads one byte at a time so
 * nothing is buffered across a STARTTLS upgrade. Trusts any certificate (the daemon's is self-signed).
 */
final class RawClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 20_000;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private RawClient(Socket socket) throws IOException {
        use(socket);
    }

    static RawClient connect(String host, int port) throws IOException {
        return connect(host, port, null);
    }

    /** Connects from {@code localAddress} (null: any), so the server sees that address as the client's. */
    static RawClient connect(String host, int port, String localAddress) throws IOException {
        Socket s = new Socket();
        if (localAddress != null) {
            s.bind(new InetSocketAddress(localAddress, 0));
        }
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        return new RawClient(s);
    }

    /** Connects with implicit TLS (submissions, imaps, pop3s). */
    static RawClient connectTls(String host, int port) throws IOException {
        RawClient c = connect(host, port);
        c.startTls();
        return c;
    }

    private void use(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    /** Layers TLS over the connection and completes the handshake. */
    void startTls() throws IOException {
        SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
    }

    static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
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

    /** An SMTP/LMTP reply, all its lines ({@code 250-...} up to {@code 250 ...}); empty at the end of the stream. */
    List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = line();
            if (l == null) {
                break;
            }
            lines.add(l);
        } while (l.length() > 3 && l.charAt(3) == '-');
        return lines;
    }

    /** Reads a reply and fails unless its last line starts with {@code prefix}; returns it. */
    List<String> expect(String prefix) throws IOException {
        List<String> r = reply();
        if (r.isEmpty() || !r.get(r.size() - 1).startsWith(prefix)) {
            throw new AssertionError("expected " + prefix + " but got " + r);
        }
        return r;
    }

    /** Lines up to and including the one starting with {@code tag + " "} (an IMAP tagged response). */
    List<String> tagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = line();
            if (l == null) {
                throw new AssertionError("connection closed before " + tag + ": " + lines);
            }
            lines.add(l);
        } while (!l.startsWith(tag + " "));
        return lines;
    }

    /** Whatever arrives within {@code millis}, as text ("" when nothing does); the connection stays usable. */
    String unsolicited(int millis) throws IOException {
        socket.setSoTimeout(millis);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
            }
        } catch (SocketTimeoutException expected) {
            // nothing more
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
