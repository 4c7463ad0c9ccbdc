package org.mailserver.smtp.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scripted SMTP/LMTP server on a real socket, for client transcripts: {@code replies} maps each
 * command line to the reply text to send (CRLF added; may be several lines joined by CRLF);
 * after DATA's 354 the data is read raw up to {@code CRLF.CRLF} and {@code afterData} is sent.
 * Everything received is kept.
 */
public final class ScriptedServer implements AutoCloseable {
    /** Every line received; safe to stream while the server thread adds to it. */
    public final List<String> lines = new CopyOnWriteArrayList<>();
    public final List<byte[]> data = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final String greeting;
    private final Function<String, String> replies;
    private final String afterData;
    private final AtomicInteger open = new AtomicInteger();
    /** Connections accepted so far, and the most open at once. */
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger maxConcurrent = new AtomicInteger();
    /** The TLS protocol negotiated after STARTTLS, if any. */
    public volatile String tlsProtocol;
    private volatile SSLContext tls;

    public ScriptedServer(String greeting, Function<String, String> replies, String afterData) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.greeting = greeting;
        this.replies = replies;
        this.afterData = afterData;
        Thread t = new Thread(this::acceptLoop, "scripted-smtp");
        t.setDaemon(true);
        t.start();
    }

    /** Answers STARTTLS (when the script replies 220 to it) with a TLS handshake using {@code context}. */
    public ScriptedServer tls(SSLContext context) {
        this.tls = context;
        return this;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Connections open now (the client has not closed them yet). */
    public int openConnections() {
        return open.get();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "scripted-smtp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        connections.incrementAndGet();
        maxConcurrent.accumulateAndGet(open.incrementAndGet(), Math::max);
        Socket s = socket;
        try {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (greeting == null) {
                return; // accept and hang up
            }
            send(out, greeting);
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                lines.add(line);
                String reply = replies.apply(line);
                if (reply == null) {
                    continue; // say nothing: lets the client time out
                }
                send(out, reply);
                if (line.equalsIgnoreCase("DATA") && reply.startsWith("354")) {
                    data.add(readData(in));
                    send(out, afterData);
                }
                if (line.equalsIgnoreCase("STARTTLS") && reply.startsWith("220") && tls != null) {
                    SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
                    t.setUseClientMode(false);
                    t.startHandshake();
                    tlsProtocol = t.getSession().getProtocol();
                    s = t;
                    in = t.getInputStream();
                    out = t.getOutputStream();
                }
                if (line.equalsIgnoreCase("QUIT")) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.decrementAndGet();
            try {
                s.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    /** Raw bytes up to and including CRLF.CRLF, still dot-stuffed. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 5 && a[n - 5] == '\r' && a[n - 4] == '\n' && a[n - 3] == '.' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return a;
            }
            if (n == 3 && a[0] == '.' && a[1] == '\r' && a[2] == '\n') {
                return a;
            }
        }
        return b.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

}
