package org.mailserver.pop3.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A raw POP3 client for transcript tests: lines out, lines in, nothing hidden. */
final class LineClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    LineClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private LineClient(Socket socket) throws IOException {
        use(socket);
    }

    /** A client with a small socket receive buffer, so a server that ignores back-pressure shows it. */
    static LineClient smallReceiveBuffer(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        return new LineClient(s);
    }

    static LineClient tls(int port) throws Exception {
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        return new LineClient(s);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(10_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends raw bytes (several commands at once, partial lines). */
    LineClient raw(String data) throws IOException {
        out.write(data.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    LineClient send(String line) throws IOException {
        return raw(line + "\r\n");
    }

    /** Sends a command and returns the status line of the reply. */
    String cmd(String line) throws IOException {
        send(line);
        return line();
    }

    /** One line without CRLF, or null at end of stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            b.write(c);
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The body of a multi-line reply, unstuffed, without the terminating dot. */
    List<String> body() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = line(); !".".equals(l); l = line()) {
            assertTrue(l != null, "connection closed inside a multi-line reply");
            lines.add(l.startsWith(".") ? l.substring(1) : l);
        }
        return lines;
    }

    /** True when the server has closed the connection. */
    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    /** STLS has been answered with +OK: wraps the same socket in TLS. */
    void startTls() throws Exception {
        SSLSocket s = (SSLSocket) trustAll().getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        s.setUseClientMode(true);
        s.startHandshake();
        use(s);
    }

    boolean isTls() {
        return socket instanceof SSLSocket;
    }

    static SSLContext trustAll() throws Exception {
        TrustManager tm = new X509TrustManager() {
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
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, new SecureRandom());
        return ctx;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
