package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A raw client for transcripts: {@code "C: line"} is sent, {@code "S: line"} must be the next reply
 * line read ({@code ...} at its end: only that prefix must match).
 */
final class Client implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Client(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void transcript(String... lines) throws IOException {
        for (String l : lines) {
            if (l.startsWith("C: ")) {
                send(l.substring(3) + "\r\n");
            } else if (l.startsWith("S: ")) {
                String expected = l.substring(3);
                String got = readLine();
                if (expected.endsWith("...")) {
                    assertTrue(got != null && got.startsWith(expected.substring(0, expected.length() - 3)),
                            "expected " + expected + " got " + got);
                } else {
                    assertEquals(expected, got);
                }
            } else {
                throw new IllegalArgumentException(l);
            }
        }
    }

    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One line without CRLF, or null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** Reads a whole (possibly multi-line) reply. */
    String reply() throws IOException {
        StringBuilder sb = new StringBuilder();
        String line;
        do {
            line = readLine();
            if (line == null) {
                return sb.length() == 0 ? null : sb.toString();
            }
            sb.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return sb.toString();
    }

    /** Wraps the connection in TLS (after a 220 to STARTTLS), trusting any certificate. */
    void startTls() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        in = new BufferedInputStream(tls.getInputStream());
        out = tls.getOutputStream();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
