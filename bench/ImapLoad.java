import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IMAP client load: CONNECTIONS blocking connections, each logging in as one user of the list
 * (connection i as user i modulo the list) and looping over a mixed mail-client workload:
 *
 * <ol>
 *   <li>{@code SELECT INBOX}
 *   <li>{@code UID FETCH 1:* (FLAGS)}, the flag resync a client does on opening a folder (the UIDs
 *       it returns are where the random picks below come from)
 *   <li>{@code UID FETCH u BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)]} for a random u
 *   <li>{@code UID FETCH u BODY.PEEK[]} for another random u
 *   <li>{@code UID STORE u +FLAGS (\Seen)} and then {@code -FLAGS (\Seen)} on a third (the reverse
 *       order when it was seen), so the mailbox's flags end as they began
 *   <li>{@code APPEND INBOX (\Seen) {n+}} of a SIZE-byte message (LITERAL+, RFC 7888)
 *   <li>{@code SEARCH SUBJECT word} (a word of the pre-filled subjects) and {@code UID SEARCH UNSEEN}
 *   <li>{@code UID STORE a +FLAGS (\Deleted)} and {@code UID EXPUNGE a} on the appended message a
 *       (from APPENDUID, RFC 4315), which keeps the mailbox at its pre-filled size
 * </ol>
 *
 * and every {@code IMAP_RELOGIN_EVERY} loops (default 10) LOGOUT, a new connection and LOGIN.
 *
 * <p>Usage: {@code java bench/ImapLoad.java HOST PORT CONNECTIONS WARMUP_SECONDS SECONDS SIZE
 * PASSWORD USER [USER...]}.
 *
 * <p>An operation is one command, timed from writing it to reading its tagged reply (a connection
 * and its greeting are not part of {@code login}). Only operations whose reply arrives inside the
 * measured window count. Every tagged reply other than OK, an untagged BYE before LOGOUT and a
 * reply that does not parse is an error and is printed (the first 50). The output has one
 * {@code OP name count=.. per_s=.. p50_ms=.. p99_ms=.. max_ms=..} line per operation and ends with
 * {@code RESULT key=value...}; with {@code BENCH_SERVER_PID} set it also gives
 * {@code server_cpu_us_per_op}, the CPU time (user + system, all threads) the server process used
 * in the window divided by the operations of the window; {@code client_cpu_percent} is this program's
 * own CPU in the window (it shares the machine with the server).
 */
public final class ImapLoad {

    /** The operations, in the order they run in one loop. */
    enum Op {
        LOGIN, SELECT, FETCH_FLAGS, FETCH_HEADER, FETCH_BODY, STORE_SEEN, APPEND, SEARCH_SUBJECT, SEARCH_UNSEEN,
        STORE_DELETED, UID_EXPUNGE, LOGOUT;

        String label() {
            return name().toLowerCase();
        }
    }

    /** Words of the pre-filled subjects (scripts/bench-imap writes them from the same list). */
    static final String[] WORDS = {
        "invoice", "meeting", "report", "holiday", "project", "budget", "release", "review", "lunch", "travel",
        "contract", "update", "question", "reminder", "agenda", "minutes", "draft", "photos", "party", "schedule",
    };

    private static final int SO_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_PRINTED_ERRORS = 50;
    private static final int RELOGIN_EVERY = Integer.parseInt(System.getenv().getOrDefault("IMAP_RELOGIN_EVERY", "10"));

    private static final AtomicLong errors = new AtomicLong();
    private static final AtomicInteger printedErrors = new AtomicInteger();
    private static final AtomicLong emptyFetches = new AtomicLong();
    private static final AtomicLong loops = new AtomicLong();
    private static volatile long windowStart = Long.MAX_VALUE;
    private static volatile long windowEnd = Long.MAX_VALUE;
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        if (args.length < 8) {
            System.err.println("usage: java bench/ImapLoad.java HOST PORT CONNECTIONS WARMUP_SECONDS SECONDS SIZE "
                    + "PASSWORD USER [USER...]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        long warmupSeconds = Long.parseLong(args[3]);
        long seconds = Long.parseLong(args[4]);
        int size = Integer.parseInt(args[5]);
        String password = args[6];
        List<String> users = List.of(Arrays.copyOfRange(args, 7, args.length));

        Worker[] workers = new Worker[connections];
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            workers[i] = new Worker(i, host, port, size, users.get(i % users.size()), password, done);
            new Thread(workers[i], "imap-" + i).start();
        }
        long begin = System.nanoTime();
        windowStart = begin + warmupSeconds * 1_000_000_000L;
        windowEnd = windowStart + seconds * 1_000_000_000L;
        Optional<ProcessHandle> server = Optional.ofNullable(System.getenv("BENCH_SERVER_PID"))
                .flatMap(p -> ProcessHandle.of(Long.parseLong(p)));
        Thread.sleep((windowStart - begin) / 1_000_000 + 1);
        long loopsStart = loops.get();
        Duration cpuStart = server.flatMap(p -> p.info().totalCpuDuration()).orElse(null);
        Duration ownStart = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        Thread.sleep(Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000 + 1));
        Duration cpuEnd = server.flatMap(p -> p.info().totalCpuDuration()).orElse(null);
        Duration ownEnd = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        long loopsInWindow = loops.get() - loopsStart;
        stop = true;
        boolean finished = done.await(SO_TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS);

        System.out.printf("connections=%d users=%d warmup=%ds window=%ds append_size=%d relogin_every=%d%n",
                connections, Math.min(connections, users.size()), warmupSeconds, seconds, size, RELOGIN_EVERY);
        long total = 0;
        List<long[]> everything = new ArrayList<>();
        for (Op op : Op.values()) {
            List<long[]> parts = new ArrayList<>();
            for (Worker w : workers) {
                parts.add(w.latencies[op.ordinal()].values());
            }
            long[] sorted = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            everything.add(sorted);
            total += sorted.length;
            System.out.printf("OP %s count=%d per_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n", op.label(),
                    sorted.length, sorted.length / (double) seconds, percentile(sorted, 50), percentile(sorted, 99),
                    percentile(sorted, 100));
        }
        long[] all = everything.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        String cpu = cpuStart == null || cpuEnd == null || total == 0 ? ""
                : String.format(" server_cpu_us_per_op=%.0f server_cpu_percent=%.0f",
                        cpuEnd.minus(cpuStart).toNanos() / 1e3 / total,
                        cpuEnd.minus(cpuStart).toNanos() / 1e7 / seconds);
        System.out.printf("RESULT ops_per_s=%.1f ops=%d loops_per_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f "
                        + "errors=%d empty_fetches=%d finished=%b client_cpu_percent=%.0f%s%n",
                total / (double) seconds, total, loopsInWindow / (double) seconds, percentile(all, 50),
                percentile(all, 99), percentile(all, 100), errors.get(), emptyFetches.get(), finished,
                ownEnd.minus(ownStart).toNanos() / 1e7 / seconds, cpu);
        System.exit(finished ? 0 : 1);
    }

    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    static void error(int id, String what) {
        errors.incrementAndGet();
        if (printedErrors.incrementAndGet() <= MAX_PRINTED_ERRORS) {
            System.out.println("error: conn " + id + ": " + what);
        }
    }

    /** A growable array of nanosecond latencies. */
    static final class Samples {
        private long[] values = new long[1024];
        private int count;

        void add(long nanos) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = nanos;
        }

        long[] values() {
            return Arrays.copyOf(values, count);
        }
    }

    /** One command's outcome: the untagged lines (literals replaced by their length) and the tagged line. */
    record Reply(List<String> untagged, String tagged, long literalBytes) {
        boolean ok(String tag) {
            return tagged.startsWith(tag + " OK");
        }
    }

    private static final class Worker implements Runnable {
        private final int id;
        private final String host;
        private final int port;
        private final int size;
        private final String user;
        private final String password;
        private final CountDownLatch done;
        private final SplittableRandom random;
        final Samples[] latencies = new Samples[Op.values().length];
        private ImapReader in;
        private OutputStream out;
        private int tags;
        private long[] uids = new long[0];
        private boolean[] seen = new boolean[0];
        private int messages;

        Worker(int id, String host, int port, int size, String user, String password, CountDownLatch done) {
            this.id = id;
            this.host = host;
            this.port = port;
            this.size = size;
            this.user = user;
            this.password = password;
            this.done = done;
            this.random = new SplittableRandom(0x5eedL * 31 + id);
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = new Samples();
            }
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    try (Socket socket = new Socket()) {
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(SO_TIMEOUT_MILLIS);
                        socket.connect(new InetSocketAddress(host, port), SO_TIMEOUT_MILLIS);
                        in = new ImapReader(socket.getInputStream());
                        out = socket.getOutputStream();
                        session();
                    } catch (IOException e) {
                        error(id, "I/O: " + e);
                        sleepQuietly(200);
                    }
                }
            } finally {
                done.countDown();
            }
        }

        /** Greeting, LOGIN, RELOGIN_EVERY loops (or until stopped), LOGOUT. */
        private void session() throws IOException {
            String greeting = in.line();
            if (!greeting.startsWith("* OK")) {
                error(id, "greeting -> " + greeting);
                return;
            }
            if (!command(Op.LOGIN, "LOGIN " + quote(user) + " " + quote(password)).ok) {
                sleepQuietly(200);
                return;
            }
            for (int i = 0; i < RELOGIN_EVERY && !stop; i++) {
                loop();
                loops.incrementAndGet();
            }
            Result logout = command(Op.LOGOUT, "LOGOUT");
            if (logout.ok && logout.reply.untagged().stream().noneMatch(l -> l.startsWith("* BYE"))) {
                error(id, "LOGOUT without * BYE");
            }
        }

        private void loop() throws IOException {
            Result select = command(Op.SELECT, "SELECT INBOX");
            if (!select.ok) {
                return;
            }
            flags(command(Op.FETCH_FLAGS, "UID FETCH 1:* (FLAGS)"));
            if (messages == 0 && select.reply.untagged().stream().anyMatch(l -> l.matches("\\* [1-9][0-9]* EXISTS"))) {
                error(id, "UID FETCH 1:* (FLAGS) gave no UIDs for a mailbox that is not empty");
            }
            if (messages > 0) {
                fetch(Op.FETCH_HEADER, "UID FETCH " + pick() + " BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)]");
                fetch(Op.FETCH_BODY, "UID FETCH " + pick() + " BODY.PEEK[]");
                int i = random.nextInt(messages);
                String first = seen[i] ? "-" : "+";
                String second = seen[i] ? "+" : "-";
                command(Op.STORE_SEEN, "UID STORE " + uids[i] + " " + first + "FLAGS (\\Seen)");
                command(Op.STORE_SEEN, "UID STORE " + uids[i] + " " + second + "FLAGS (\\Seen)");
            }
            byte[] message = message();
            Result append = command(Op.APPEND, ("APPEND INBOX (\\Seen) {" + message.length + "+}\r\n").getBytes(
                    StandardCharsets.US_ASCII), message);
            long appended = append.ok ? appendUid(append.reply.tagged()) : -1;
            search(Op.SEARCH_SUBJECT, "SEARCH SUBJECT " + WORDS[random.nextInt(WORDS.length)]);
            search(Op.SEARCH_UNSEEN, "UID SEARCH UNSEEN");
            if (appended > 0) {
                command(Op.STORE_DELETED, "UID STORE " + appended + " +FLAGS (\\Deleted)");
                Result expunge = command(Op.UID_EXPUNGE, "UID EXPUNGE " + appended);
                if (expunge.ok && expunge.reply.untagged().stream().noneMatch(l -> l.endsWith(" EXPUNGE"))) {
                    error(id, "UID EXPUNGE " + appended + " expunged nothing");
                }
            } else if (append.ok) {
                error(id, "APPEND OK without APPENDUID: " + append.reply.tagged());
            }
        }

        private long pick() {
            return uids[random.nextInt(messages)];
        }

        /** The UIDs and \Seen flags of {@code * n FETCH (UID u FLAGS (...))} lines. */
        private void flags(Result r) {
            if (!r.ok) {
                return;
            }
            List<String> lines = r.reply.untagged();
            if (uids.length < lines.size()) {
                uids = new long[lines.size()];
                seen = new boolean[lines.size()];
            }
            int n = 0;
            for (String line : lines) {
                long uid = number(line, "UID ");
                int flagsAt = line.indexOf("FLAGS (");
                if (!line.contains(" FETCH (") || uid <= 0 || flagsAt < 0) {
                    continue; // EXISTS, EXPUNGE, flag updates without UID from other sessions of the user
                }
                String flagList = line.substring(flagsAt, line.indexOf(')', flagsAt));
                if (flagList.contains("\\Deleted")) {
                    continue; // another session's appended message, about to go
                }
                uids[n] = uid;
                seen[n] = flagList.contains("\\Seen");
                n++;
            }
            messages = n;
        }

        private void fetch(Op op, String command) throws IOException {
            Result r = command(op, command);
            if (r.ok && r.reply.literalBytes() == 0) {
                // the message was expunged by another session of the same user: not an error
                emptyFetches.incrementAndGet();
            }
        }

        private void search(Op op, String command) throws IOException {
            Result r = command(op, command);
            if (r.ok && r.reply.untagged().stream().noneMatch(l -> l.startsWith("* SEARCH"))) {
                error(id, command + " without * SEARCH");
            }
        }

        private static long appendUid(String tagged) {
            // tag OK [APPENDUID <uidvalidity> <uid>] ...
            int at = tagged.indexOf("[APPENDUID ");
            if (at < 0) {
                return -1;
            }
            String[] parts = tagged.substring(at + 1, tagged.indexOf(']', at)).split(" ");
            return parts.length == 3 ? Long.parseLong(parts[2]) : -1;
        }

        /** The number after {@code key} in {@code line}, or -1. */
        private static long number(String line, String key) {
            int at = line.indexOf(key);
            if (at < 0) {
                return -1;
            }
            long value = 0;
            int i = at + key.length();
            int start = i;
            while (i < line.length() && Character.isDigit(line.charAt(i))) {
                value = value * 10 + (line.charAt(i++) - '0');
            }
            return i > start ? value : -1;
        }

        record Result(boolean ok, Reply reply) {
        }

        private Result command(Op op, String command) throws IOException {
            return command(op, (command + "\r\n").getBytes(StandardCharsets.US_ASCII), null);
        }

        /** Sends {@code tag command} (and {@code literal} followed by CRLF, when given), reads to the tagged reply. */
        private Result command(Op op, byte[] command, byte[] literal) throws IOException {
            String tag = "t" + (++tags);
            byte[] tagBytes = (tag + " ").getBytes(StandardCharsets.US_ASCII);
            long t0 = System.nanoTime();
            out.write(tagBytes);
            out.write(command);
            if (literal != null) {
                out.write(literal); // LITERAL+: no wait for a continuation request
                out.write('\r');
                out.write('\n');
            }
            out.flush();
            Reply reply = in.reply(tag);
            long t1 = System.nanoTime();
            boolean ok = reply.ok(tag);
            boolean bye = op != Op.LOGOUT && reply.untagged().stream().anyMatch(l -> l.startsWith("* BYE"));
            if (!ok || bye) {
                String first = new String(command, StandardCharsets.US_ASCII).strip();
                error(id, op.label() + " (" + tag + " " + first + ") -> " + reply.tagged()
                        + (bye ? " after * BYE" : ""));
                if (bye) {
                    throw new IOException("server said BYE");
                }
            } else if (t1 >= windowStart && t1 < windowEnd) {
                latencies[op.ordinal()].add(t1 - t0);
            }
            return new Result(ok && !bye, reply);
        }

        /** A SIZE-byte message with CRLF lines and a subject of two words of the pre-filled vocabulary. */
        private byte[] message() {
            StringBuilder m = new StringBuilder(size + 64);
            m.append("From: Bench ").append(id).append(" <bench-").append(id).append("@bench.example.test>\r\n")
                    .append("To: <").append(user).append("@example.test>\r\n")
                    .append("Subject: ").append(WORDS[random.nextInt(WORDS.length)]).append(' ')
                    .append(WORDS[random.nextInt(WORDS.length)]).append(" appended\r\n")
                    .append("Message-ID: <append.").append(id).append('.').append(System.nanoTime())
                    .append("@bench.example.test>\r\n")
                    .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                    .append("\r\n")
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
            return m.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** IMAP quoted string (RFC 3501 4.3) for a user name or password. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Reads server lines; a line ending in a literal {@code {n}} continues after the n octets. */
    static final class ImapReader {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;

        ImapReader(InputStream in) {
            this.in = in;
        }

        /** Lines up to and including the one starting with {@code tag }; literals are skipped and counted. */
        Reply reply(String tag) throws IOException {
            List<String> untagged = new ArrayList<>();
            long literalBytes = 0;
            String prefix = tag + " ";
            while (true) {
                StringBuilder response = new StringBuilder(line());
                while (true) {
                    long n = literalLength(response);
                    if (n < 0) {
                        break;
                    }
                    skip(n);
                    literalBytes += n;
                    response.append("<").append(n).append(" octets>").append(line());
                }
                String text = response.toString();
                if (text.startsWith(prefix)) {
                    return new Reply(untagged, text, literalBytes);
                }
                untagged.add(text);
            }
        }

        /** n when the line ends with {@code {n}}, else -1. */
        private static long literalLength(CharSequence line) {
            int end = line.length() - 1;
            if (end < 2 || line.charAt(end) != '}') {
                return -1;
            }
            int open = end - 1;
            while (open >= 0 && Character.isDigit(line.charAt(open))) {
                open--;
            }
            if (open < 0 || line.charAt(open) != '{' || open == end - 1) {
                return -1;
            }
            return Long.parseLong(line.subSequence(open + 1, end).toString());
        }

        String line() throws IOException {
            StringBuilder line = new StringBuilder(80);
            while (true) {
                if (position == limit && !fill()) {
                    throw new IOException("connection closed by server after \"" + line + "\"");
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
                line.append((char) (b & 0xff));
            }
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                if (position == limit && !fill()) {
                    throw new IOException("connection closed by server inside a literal");
                }
                int step = (int) Math.min(n, limit - position);
                position += step;
                n -= step;
            }
        }

        private boolean fill() throws IOException {
            int read = in.read(buffer, 0, buffer.length);
            if (read <= 0) {
                return false;
            }
            position = 0;
            limit = read;
            return true;
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
