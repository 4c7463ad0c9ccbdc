package org.mailserver.daemon.outage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One client exchange on its own connection, bounded in time (connect and every read), reduced to
 * the reply that decided it: an SMTP or LMTP transaction (no pipelining: DATA only after an accepted
 * RCPT, as a real MTA does), an IMAP LOGIN, or a POP3 USER/PASS.
 */
final class Exchange {
    /**
     * What one exchange got.
     *
     * @param kind what was sent ({@code clean}, {@code eicar}, {@code imap}, ...)
     * @param start when it started, epoch milliseconds
     * @param end when it ended, epoch milliseconds
     * @param step where it ended: {@code CONNECT}, {@code HELO}, {@code MAIL}, {@code RCPT}, {@code DATA}, {@code LOGIN}
     * @param reply the deciding reply line, or null after an I/O error
     * @param error the I/O error (a timeout, a closed connection), or null
     */
    record Result(String kind, long start, long end, String step, String reply, String error) {
        /** The SMTP/LMTP reply code, or 0. */
        int code() {
            return reply != null && reply.length() >= 3 && Character.isDigit(reply.charAt(0))
                    ? Integer.parseInt(reply.substring(0, 3)) : 0;
        }

        boolean delivered() {
            return step.equals("DATA") && code() == 250;
        }

        boolean within(long from, long to) {
            return start >= from && end <= to;
        }

        long millis() {
            return end - start;
        }

        @Override
        public String toString() {
            return kind + "@" + start + "+" + millis() + "ms " + step + ": " + (error != null ? "ERROR " + error : reply);
        }
    }

    private Exchange() {
    }

    /**
     * A transaction for {@code rcpt} with {@code body} (CRLF lines, no dot-stuffing needed) on SMTP
     * ({@code lmtp} false) or LMTP, from {@code local} (any loopback address; null for the default).
     */
    static Result mail(String kind, int port, boolean lmtp, InetAddress local, String rcpt, String body,
                       Duration timeout) {
        long start = System.currentTimeMillis();
        String step = "CONNECT";
        try (Socket s = connect(port, local, timeout)) {
            BufferedReader in = reader(s);
            OutputStream out = s.getOutputStream();
            String r = reply(in);
            if (!r.startsWith("220")) {
                return new Result(kind, start, System.currentTimeMillis(), step, r, null);
            }
            step = "HELO";
            r = command(in, out, (lmtp ? "LHLO" : "EHLO") + " client.remote.test");
            if (r.startsWith("250")) {
                step = "MAIL";
                r = command(in, out, "MAIL FROM:<sender@remote.test>");
            }
            if (r.startsWith("250")) {
                step = "RCPT";
                r = command(in, out, "RCPT TO:<" + rcpt + ">");
            }
            if (r.startsWith("250")) {
                step = "DATA";
                r = command(in, out, "DATA");
                if (r.startsWith("354")) {
                    out.write((body + ".\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    r = reply(in); // LMTP: one reply for the one recipient (RFC 2033 4.2)
                }
            }
            long end = System.currentTimeMillis();
            quit(out, "QUIT");
            return new Result(kind, start, end, step, r, null);
        } catch (IOException e) {
            return new Result(kind, start, System.currentTimeMillis(), step, null, e.toString());
        }
    }

    /** {@code a1 LOGIN user password}: the tagged reply. */
    static Result imapLogin(int port, String user, String password, Duration timeout) {
        long start = System.currentTimeMillis();
        try (Socket s = connect(port, null, timeout)) {
            BufferedReader in = reader(s);
            OutputStream out = s.getOutputStream();
            String greeting = line(in);
            if (!greeting.startsWith("* OK")) {
                return new Result("imap", start, System.currentTimeMillis(), "CONNECT", greeting, null);
            }
            send(out, "a1 LOGIN " + user + " " + password);
            String l;
            do {
                l = line(in);
            } while (!l.startsWith("a1 "));
            long end = System.currentTimeMillis();
            quit(out, "a2 LOGOUT");
            return new Result("imap", start, end, "LOGIN", l, null);
        } catch (IOException e) {
            return new Result("imap", start, System.currentTimeMillis(), "LOGIN", null, e.toString());
        }
    }

    /** {@code USER} and {@code PASS}: the reply to PASS (or to USER if that failed). */
    static Result pop3Login(int port, String user, String password, Duration timeout) {
        long start = System.currentTimeMillis();
        try (Socket s = connect(port, null, timeout)) {
            BufferedReader in = reader(s);
            OutputStream out = s.getOutputStream();
            String greeting = line(in);
            if (!greeting.startsWith("+OK")) {
                return new Result("pop3", start, System.currentTimeMillis(), "CONNECT", greeting, null);
            }
            send(out, "USER " + user);
            String r = line(in);
            if (r.startsWith("+OK")) {
                send(out, "PASS " + password);
                r = line(in);
            }
            long end = System.currentTimeMillis();
            quit(out, "QUIT");
            return new Result("pop3", start, end, "LOGIN", r, null);
        } catch (IOException e) {
            return new Result("pop3", start, System.currentTimeMillis(), "LOGIN", null, e.toString());
        }
    }

    private static Socket connect(int port, InetAddress local, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            if (local != null) {
                s.bind(new InetSocketAddress(local, 0));
            }
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String command(BufferedReader in, OutputStream out, String line) throws IOException {
        send(out, line);
        return reply(in);
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The last line of a (multi-line) SMTP reply. */
    private static String reply(BufferedReader in) throws IOException {
        String l;
        do {
            l = line(in);
        } while (l.length() > 3 && l.charAt(3) == '-');
        return l;
    }

    private static String line(BufferedReader in) throws IOException {
        String l = in.readLine();
        if (l == null) {
            throw new IOException("connection closed by the server");
        }
        return l;
    }

    private static void quit(OutputStream out, String command) {
        try {
            send(out, command);
        } catch (IOException e) {
            // the exchange is over; the server may have closed already
        }
    }
}
