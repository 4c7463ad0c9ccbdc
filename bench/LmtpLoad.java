import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * LMTP delivery load: CONNECTIONS blocking connections, each sending LHLO once and then
 * MAIL FROM / RCPT TO / DATA transactions of one SIZE-byte message to one recipient, taken round
 * robin from the RCPT list.
 *
 * <p>Usage: {@code java bench/LmtpLoad.java HOST PORT CONNECTIONS WARMUP_SECONDS SECONDS SIZE
 * RCPT [RCPT...]}. Set {@code LMTP_PIPELINING=0} to send MAIL, RCPT and DATA one round trip at a
 * time even when the server advertises PIPELINING (RFC 2033 4.2 requires it of LMTP servers).
 *
 * <p>Only messages whose DATA reply arrives inside the measured window count toward the rate and
 * the latencies (time from writing the message and its final "." to reading the per-recipient
 * reply). Every reply other than the expected 250 (354 after DATA) is an error and is printed.
 * After the window each connection finishes its transaction and sends QUIT. The last line, for
 * scripts, is {@code RESULT key=value...}; {@code acked} counts every 250 to a DATA over the whole
 * run, warm-up included, so that a caller can compare it with the files in the Maildirs. With
 * {@code BENCH_SERVER_PID} set, it also gives {@code server_cpu_us_per_msg}: the CPU time that process
 * used during the measured window (user and system, all threads) divided by the messages of the window.
 */
public final class LmtpLoad {
    /** LHLO by default; BENCH_HELLO=EHLO drives an SMTP listener the same way (one recipient, one reply). */
    static final String HELLO = System.getenv().getOrDefault("BENCH_HELLO", "LHLO");

    private static final int SO_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_PRINTED_ERRORS = 50;

    private static final AtomicLong acked = new AtomicLong();
    private static final AtomicLong errors = new AtomicLong();
    private static final AtomicInteger printedErrors = new AtomicInteger();
    private static final AtomicLong sequence = new AtomicLong();
    private static volatile long windowStart = Long.MAX_VALUE;
    private static volatile long windowEnd = Long.MAX_VALUE;
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: java bench/LmtpLoad.java HOST PORT CONNECTIONS WARMUP_SECONDS "
                    + "SECONDS SIZE RCPT [RCPT...]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        long warmupSeconds = Long.parseLong(args[3]);
        long seconds = Long.parseLong(args[4]);
        int size = Integer.parseInt(args[5]);
        List<String> rcpts = List.of(Arrays.copyOfRange(args, 6, args.length));
        boolean allowPipelining = !"0".equals(System.getenv("LMTP_PIPELINING"));

        Worker[] workers = new Worker[connections];
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            workers[i] = new Worker(i, host, port, size, rcpts, allowPipelining, done);
            new Thread(workers[i], "lmtp-" + i).start();
        }
        long begin = System.nanoTime();
        windowStart = begin + warmupSeconds * 1_000_000_000L;
        windowEnd = windowStart + seconds * 1_000_000_000L;
        Optional<ProcessHandle> server = Optional.ofNullable(System.getenv("BENCH_SERVER_PID"))
                .flatMap(p -> ProcessHandle.of(Long.parseLong(p)));
        Thread.sleep((windowStart - begin) / 1_000_000 + 1);
        Duration cpuStart = server.flatMap(p -> p.info().totalCpuDuration()).orElse(null);
        Thread.sleep(Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000 + 1));
        Duration cpuEnd = server.flatMap(p -> p.info().totalCpuDuration()).orElse(null);
        stop = true;
        boolean finished = done.await(SO_TIMEOUT_MILLIS * 2L, java.util.concurrent.TimeUnit.MILLISECONDS);

        long count = 0;
        List<long[]> parts = new ArrayList<>();
        int pipelined = 0;
        for (Worker w : workers) {
            count += w.latencyCount;
            parts.add(Arrays.copyOf(w.latencies, w.latencyCount));
            pipelined += w.pipelined ? 1 : 0;
        }
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double rate = count / (double) seconds;
        System.out.printf("connections=%d pipelined_connections=%d warmup=%ds window=%ds size=%d rcpts=%d%n",
                connections, pipelined, warmupSeconds, seconds, size, rcpts.size());
        // the server's CPU time (user + system, all its threads) in the window, per message of the window
        String cpu = cpuStart == null || cpuEnd == null || count == 0 ? ""
                : String.format(" server_cpu_us_per_msg=%.0f", cpuEnd.minus(cpuStart).toNanos() / 1e3 / count);
        System.out.printf("RESULT msgs_per_s=%.1f messages=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f "
                        + "errors=%d acked=%d finished=%b%s%n",
                rate, count, percentile(all, 50), percentile(all, 99), percentile(all, 100),
                errors.get(), acked.get(), finished, cpu);
        System.exit(finished ? 0 : 1);
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static void error(int id, String what) {
        errors.incrementAndGet();
        if (printedErrors.incrementAndGet() <= MAX_PRINTED_ERRORS) {
            System.out.println("error: conn " + id + ": " + what);
        }
    }

    private static final class Worker implements Runnable {
        private final int id;
        private final String host;
        private final int port;
        private final int size;
        private final List<String> rcpts;
        private final boolean allowPipelining;
        private final CountDownLatch done;
        long[] latencies = new long[1 << 14];
        int latencyCount;
        boolean pipelined;
        private InputStream in;
        private OutputStream out;

        Worker(int id, String host, int port, int size, List<String> rcpts, boolean allowPipelining,
                CountDownLatch done) {
            this.id = id;
            this.host = host;
            this.port = port;
            this.size = size;
            this.rcpts = rcpts;
            this.allowPipelining = allowPipelining;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    try (Socket socket = new Socket()) {
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(SO_TIMEOUT_MILLIS);
                        socket.connect(new InetSocketAddress(host, port), SO_TIMEOUT_MILLIS);
                        in = new BufferedInputStream(socket.getInputStream(), 16384);
                        out = socket.getOutputStream();
                        session();
                        return;
                    } catch (IOException e) {
                        error(id, "I/O: " + e);
                        sleepQuietly(200);
                    }
                }
            } finally {
                done.countDown();
            }
        }

        private void session() throws IOException {
            expect(readReply(), 220, "greeting");
            send(HELLO + " bench.example.test\r\n");
            String lhlo = readReply();
            expect(lhlo, 250, "LHLO");
            pipelined = allowPipelining && lhlo.toUpperCase().contains("PIPELINING");
            while (!stop) {
                transaction();
            }
            send("QUIT\r\n");
            readReply();
        }

        private void transaction() throws IOException {
            long n = sequence.getAndIncrement();
            String rcpt = rcpts.get((int) (n % rcpts.size()));
            String mail = "MAIL FROM:<bench-" + id + "@bench.example.test>\r\n";
            String to = "RCPT TO:<" + rcpt + ">\r\n";
            boolean ok;
            if (pipelined) {
                send(mail + to + "DATA\r\n");
                boolean m = expect(readReply(), 250, "MAIL");
                boolean r = expect(readReply(), 250, "RCPT " + rcpt);
                boolean d = expect(readReply(), 354, "DATA");
                if (d && !(m && r)) {
                    // RFC 2033 4.2: DATA was accepted anyway; end it empty and count nothing.
                    send(".\r\n");
                    readReply();
                }
                ok = m && r && d;
            } else {
                send(mail);
                ok = expect(readReply(), 250, "MAIL");
                if (ok) {
                    send(to);
                    ok = expect(readReply(), 250, "RCPT " + rcpt);
                }
                if (ok) {
                    send("DATA\r\n");
                    ok = expect(readReply(), 354, "DATA");
                }
            }
            if (!ok) {
                send("RSET\r\n");
                readReply();
                return;
            }
            byte[] message = message(n, rcpt);
            long t0 = System.nanoTime();
            out.write(message);
            out.flush();
            // RFC 2033 4.2: one reply per accepted recipient; here there is exactly one.
            String reply = readReply();
            long t1 = System.nanoTime();
            if (expect(reply, 250, "end of DATA for " + rcpt)) {
                acked.incrementAndGet();
                if (t1 >= windowStart && t1 < windowEnd) {
                    record(t1 - t0);
                }
            }
        }

        private void record(long nanos) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = nanos;
        }

        /** SIZE bytes of message (CRLF lines, no line starting with "."), then ".\r\n". */
        private byte[] message(long n, String rcpt) {
            StringBuilder m = new StringBuilder(size + 64);
            m.append("Return-Path: <bench-").append(id).append("@bench.example.test>\r\n")
                    .append("From: Bench <bench-").append(id).append("@bench.example.test>\r\n")
                    .append("To: <").append(rcpt).append(">\r\n")
                    .append("Subject: benchmark message ").append(n).append("\r\n")
                    .append("Message-ID: <").append(n).append('.').append(System.nanoTime())
                    .append("@bench.example.test>\r\n")
                    .append("Date: ").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))).append("\r\n")
                    .append("MIME-Version: 1.0\r\n")
                    .append("Content-Type: text/plain; charset=us-ascii\r\n")
                    .append("\r\n");
            String line = "The quick brown fox jumps over the lazy dog, benchmark line of text 0123";
            while (m.length() + line.length() + 2 <= size) {
                m.append(line).append("\r\n");
            }
            while (m.length() + 2 < size) {
                m.append('x');
            }
            m.append("\r\n");
            byte[] body = m.toString().getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream stuffed = new ByteArrayOutputStream(body.length + 16);
            boolean lineStart = true;
            for (byte b : body) {
                if (lineStart && b == '.') {
                    stuffed.write('.'); // RFC 5321 4.5.2, never hit by the text above
                }
                stuffed.write(b);
                lineStart = b == '\n';
            }
            stuffed.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
            return stuffed.toByteArray();
        }

        private void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private boolean expect(String reply, int code, String what) {
            if (reply.length() >= 3 && reply.startsWith(Integer.toString(code))) {
                return true;
            }
            error(id, what + " -> " + reply.strip().replace("\r\n", " | "));
            return false;
        }

        /** A whole reply, multiline ones joined with CRLF; the last line has a space after the code. */
        private String readReply() throws IOException {
            StringBuilder reply = new StringBuilder();
            while (true) {
                String line = readLine();
                reply.append(line).append("\r\n");
                if (line.length() < 4 || line.charAt(3) != '-') {
                    return reply.toString();
                }
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder(80);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
            throw new IOException("connection closed by server after \"" + line + "\"");
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
