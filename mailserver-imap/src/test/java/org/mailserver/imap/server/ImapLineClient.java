package org.mailserver.imap.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A raw IMAP client for transcript tests: sends lines, reads response lines with their literals
 * inlined (a line ending in {@code {n}} is followed by n octets, then the rest of the line).
 */
final class ImapLineClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    ImapLineClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private ImapLineClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A client on the implicit-TLS port, trusting any certificate (the test server's is self-signed). */
    static ImapLineClient tls(int port) throws IOException {
        SSLSocket s = (SSLSocket) trustAll().createSocket("127.0.0.1", port);
        s.startHandshake();
        return new ImapLineClient(s);
    }

    /** After {@code STARTTLS} got its OK: the TLS handshake over this connection; then lines go through TLS. */
    void startTls() throws IOException {
        SSLSocket s = (SSLSocket) trustAll().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        s.setUseClientMode(true);
        s.setSoTimeout(socket.getSoTimeout());
        s.startHandshake();
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    /** Whether the connection is under TLS. */
    boolean secure() {
        return socket instanceof SSLSocket;
    }

    static SSLSocketFactory trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
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
            }}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How long a read waits before {@link java.net.SocketTimeoutException}; 10 s unless set. */
    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Sends a line; CRLF is added. */
    void send(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One response line with any literals it announces inlined, without the final CRLF; null at EOF. */
    String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
            }
            if (c == '\n') {
                byte[] b = buf.toByteArray();
                int end = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                String text = new String(b, 0, end, StandardCharsets.UTF_8);
                int open = text.lastIndexOf('{');
                String count = open >= 0 && text.endsWith("}") ? text.substring(open + 1, text.length() - 1) : "";
                if (!count.isEmpty() && count.chars().allMatch(Character::isDigit)) {
                    int n = Integer.parseInt(count);
                    buf.reset();
                    buf.write(b, 0, end);
                    buf.write('\r');
                    buf.write('\n');
                    buf.write(in.readNBytes(n));
                    continue;
                }
                return text;
            }
            buf.write(c);
        }
    }

    /** One line as sent, without its CRLF and without reading any literal it announces; null at EOF. */
    String rawLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            buf.write(c);
        }
        if (c < 0 && buf.size() == 0) {
            return null;
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Every line up to and including the tagged response of {@code tag}. */
    List<String> until(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = line()) != null) {
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
        throw new IOException("connection closed before " + tag + " completed: " + lines);
    }

    /** Sends {@code tag command} and returns the lines up to its tagged response. */
    List<String> command(String tag, String command) throws IOException {
        send(tag + " " + command);
        return until(tag);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
