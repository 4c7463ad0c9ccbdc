package org.mailserver.daemon.durability;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailserver.daemon.durability.Ledger.Route;
import org.mailserver.daemon.durability.Ledger.Sent;

/**
 * One load thread: connects (retrying while the server is down), sends up to ten messages per
 * connection over LMTP or SMTP, and records in the {@link Ledger} exactly which recipients got a
 * final 250: for LMTP each recipient's own reply after DATA (RFC 2033 4.2), for SMTP the one reply
 * for all recipients accepted at RCPT (RFC 5321 4.1.1.4). A connection that breaks leaves the
 * message under way unacknowledged for whatever had no 250 yet; the thread reconnects with a new
 * message (the server never sees a retry, so any second copy is the server's doing).
 */
final class LoadClient implements Runnable {
    static final List<String> LOCAL = List.of("alice@example.test", "bob@example.test", "erin@example.test");
    static final List<String> REMOTE = List.of("ann@remote.test", "ben@remote.test", "cat@remote.test");

    private final int index;
    private final int smtpPort;
    private final int lmtpPort;
    private final Ledger ledger;
    private final AtomicBoolean stop;
    private final AtomicInteger budget;
    private final Random random;
    private int sequence;

    LoadClient(int index, int smtpPort, int lmtpPort, Ledger ledger, AtomicBoolean stop, AtomicInteger budget,
               long seed) {
        this.index = index;
        this.smtpPort = smtpPort;
        this.lmtpPort = lmtpPort;
        this.ledger = ledger;
        this.stop = stop;
        this.budget = budget;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        while (!stop.get() && budget.get() > 0) {
            int pick = random.nextInt(100);
            Route route = pick < 40 ? Route.LMTP : pick < 70 ? Route.SMTP_LOCAL : pick < 85 ? Route.SMTP_REMOTE
                    : Route.SMTP_MIXED;
            try (Socket socket = new Socket("127.0.0.1", route == Route.LMTP ? lmtpPort : smtpPort)) {
                socket.setSoTimeout(15_000);
                session(socket, route);
            } catch (IOException e) {
                // refused while the server is down, or reset by a kill: try again shortly
                pause(20);
            }
        }
    }

    private void session(Socket socket, Route route) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        if (!reply(in).startsWith("220")) {
            return;
        }
        send(out, (route == Route.LMTP ? "LHLO" : "EHLO") + " load" + index + ".client.test\r\n");
        if (!reply(in).startsWith("250")) {
            return;
        }
        for (int n = 0; n < 10 && !stop.get() && budget.getAndDecrement() > 0; n++) {
            Sent sent = ledger.add("cl" + index + "x" + (++sequence) + "x" + Long.toString(random.nextLong() & 0xffffffL, 36),
                    route, recipients(route), random);
            if (!transaction(in, out, sent)) {
                send(out, "RSET\r\n");
                reply(in);
            }
        }
        send(out, "QUIT\r\n");
    }

    /** One transaction; false if it ended before DATA (the session goes on after RSET). */
    private boolean transaction(InputStream in, OutputStream out, Sent sent) throws IOException {
        send(out, "MAIL FROM:<load@client.test>\r\n");
        if (!reply(in).startsWith("250")) {
            ledger.refusedOrDeferred.incrementAndGet();
            return false;
        }
        List<String> accepted = new ArrayList<>();
        for (String r : sent.recipients) {
            send(out, "RCPT TO:<" + r + ">\r\n");
            if (reply(in).startsWith("25")) {
                accepted.add(r);
            } else {
                ledger.refusedOrDeferred.incrementAndGet();
            }
        }
        if (accepted.isEmpty()) {
            return false;
        }
        send(out, "DATA\r\n");
        if (!reply(in).startsWith("354")) {
            ledger.refusedOrDeferred.incrementAndGet();
            return false;
        }
        out.write(Bytes.dotStuffed(sent.content));
        out.flush();
        sent.dataSent = true;
        if (sent.route == Route.LMTP) {
            for (String r : accepted) {
                if (reply(in).startsWith("250")) {
                    sent.acknowledged.add(r);
                } else {
                    ledger.refusedOrDeferred.incrementAndGet();
                }
            }
        } else if (reply(in).startsWith("250")) {
            sent.acknowledged.addAll(accepted);
        } else {
            ledger.refusedOrDeferred.incrementAndGet();
        }
        return true;
    }

    private List<String> recipients(Route route) {
        List<String> out = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            List<String> from = switch (route) {
                case LMTP, SMTP_LOCAL -> LOCAL;
                case SMTP_REMOTE -> REMOTE;
                case SMTP_MIXED -> i == 0 ? LOCAL : REMOTE;
            };
            String r = from.get(random.nextInt(from.size()));
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        if (route == Route.SMTP_MIXED && out.size() == 1) {
            out.add(REMOTE.get(random.nextInt(REMOTE.size())));
        }
        return out;
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one reply (all its lines) and returns its last line; EOF is an IOException. */
    private static String reply(InputStream in) throws IOException {
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c == -1) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line.toString();
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
