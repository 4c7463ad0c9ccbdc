package org.mailserver.imap.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw IMAP client for transcript tests: sends lines, reads response lines with their literals
 * inlined (a line ending in {@code {n}} is followed by n octets, then the rest of the line).
 */
final class ImapLineClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    ImapLineClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
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
                if (text.endsWith("}") && open >= 0) {
                    int n = Integer.parseInt(text.substring(open + 1, text.length() - 1));
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
