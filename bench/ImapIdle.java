import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many IMAP sessions in IDLE, the server's memory for them, and how fast a delivery reaches them.
 *
 * <p>Usage: {@code java bench/ImapIdle.java HOST IMAP_PORT LMTP_PORT SESSIONS SOURCE_ADDRESSES
 * DELIVERIES PASSWORD USER [USER...]}.
 *
 * <ol>
 *   <li>Session i connects from 127.0.0.(1 + i mod SOURCE_ADDRESSES) (so that a per-address
 *       connection limit holds), logs in as USER i mod the list, selects INBOX and sends IDLE; at
 *       most {@code IDLE_PARALLEL} (100) sessions are being set up at a time. All sessions live on one
 *       NIO selector thread.
 *   <li>With {@code BENCH_SERVER_PID} set, the server's memory is taken before any session
 *       ({@code start}), after one session per user ({@code warm}: every INBOX is loaded), after all
 *       of them ({@code idle}) and after the deliveries ({@code end}): VmRSS from /proc, the live heap
 *       ({@code jcmd GC.class_histogram}: a full collection, then the total of the objects that
 *       survive it, and its largest classes), the committed heap ({@code GC.heap_info}) and the
 *       committed native memory by category ({@code VM.native_memory summary}, when the server runs
 *       with -XX:NativeMemoryTracking=summary).
 *   <li>All sessions idle for {@code IDLE_HOLD_SECONDS} (30): the server's CPU time in that period
 *       (the periodic rescans of idle sessions) and any untagged response or disconnection; with
 *       {@code IDLE_THREAD_DUMP=FILE}, a {@code jcmd Thread.print} of the server half-way through (and
 *       one 5 s into the deliveries, in FILE.deliveries).
 *       ({@code IDLE_HISTOGRAM=PREFIX} keeps each checkpoint's class histogram in PREFIX-start.txt,
 *       PREFIX-warm.txt and so on.)
 *   <li>DELIVERIES messages by LMTP, one at a time {@code IDLE_DELIVERY_GAP_MS} (50) apart, to the
 *       users in turn, for at most {@code IDLE_DELIVERY_SECONDS} (300); for each, the LMTP reply's
 *       latency and the delay from reading its 250 to each session of that user reading the
 *       {@code * n EXISTS} that counts it. A session that has not seen a message
 *       {@code IDLE_PUSH_TIMEOUT_SECONDS} (30) after the last delivery missed that push.
 * </ol>
 *
 * <p>Output: lines {@code MEM}, {@code MEMNMT}, {@code PUSH}, markdown lines prefixed {@code TABLE }
 * and remarks prefixed {@code NOTE }, then {@code RESULT key=value...}. The exit status is 0 when
 * every session was set up and no push was missed.
 */
public final class ImapIdle {
    private static final int PARALLEL = Integer.parseInt(System.getenv().getOrDefault("IDLE_PARALLEL", "100"));
    private static final long HOLD_SECONDS = Long.parseLong(System.getenv().getOrDefault("IDLE_HOLD_SECONDS", "30"));
    private static final long GAP_MILLIS = Long.parseLong(System.getenv().getOrDefault("IDLE_DELIVERY_GAP_MS", "50"));
    private static final long DELIVERY_SECONDS =
            Long.parseLong(System.getenv().getOrDefault("IDLE_DELIVERY_SECONDS", "300"));
    private static final long PUSH_TIMEOUT_SECONDS =
            Long.parseLong(System.getenv().getOrDefault("IDLE_PUSH_TIMEOUT_SECONDS", "30"));
    private static final long SETUP_TIMEOUT_SECONDS =
            Long.parseLong(System.getenv().getOrDefault("IDLE_SETUP_TIMEOUT_SECONDS", "900"));

    public static void main(String[] args) throws Exception {
        if (args.length < 8) {
            System.err.println("usage: java bench/ImapIdle.java HOST IMAP_PORT LMTP_PORT SESSIONS SOURCE_ADDRESSES "
                    + "DELIVERIES PASSWORD USER [USER...]");
            System.exit(2);
        }
        String host = args[0];
        int imapPort = Integer.parseInt(args[1]);
        int lmtpPort = Integer.parseInt(args[2]);
        int sessions = Integer.parseInt(args[3]);
        int addresses = Integer.parseInt(args[4]);
        int deliveries = Integer.parseInt(args[5]);
        String password = args[6];
        List<String> users = List.of(Arrays.copyOfRange(args, 7, args.length));
        Optional<Long> serverPid = Optional.ofNullable(System.getenv("BENCH_SERVER_PID")).map(Long::parseLong);
        int perUser = (deliveries + users.size() - 1) / users.size();

        Sessions all = new Sessions(new InetSocketAddress(host, imapPort), sessions, addresses, users, password, perUser);
        Thread loop = new Thread(all, "idle-selector");
        loop.setDaemon(true);
        loop.start();
        Map<String, Memory> memory = new LinkedHashMap<>();
        serverPid.ifPresent(pid -> memory.put("start", Memory.take(pid, "start", all.idling.get())));

        // 1. one session per user (every INBOX loaded), then all of them
        int warmCount = Math.min(sessions, users.size());
        long t0 = System.nanoTime();
        all.openUpTo(warmCount);
        all.awaitSetUp(warmCount, SETUP_TIMEOUT_SECONDS);
        serverPid.ifPresent(pid -> memory.put("warm", Memory.take(pid, "warm", all.idling.get())));
        long t1 = System.nanoTime();
        all.openUpTo(sessions);
        boolean allUp = all.awaitSetUp(sessions, SETUP_TIMEOUT_SECONDS);
        long t2 = System.nanoTime();
        System.out.printf("SETUP sessions=%d idling=%d failed=%d seconds=%.1f per_s=%.0f%n", sessions, all.idling.get(),
                all.failed.get(), (t2 - t0) / 1e9, (sessions - warmCount) / Math.max(1e-9, (t2 - t1) / 1e9));
        all.failures.forEach((why, n) -> System.out.println("setup failure: " + n + " x " + why));
        Thread.sleep(5_000);
        serverPid.ifPresent(pid -> memory.put("idle", Memory.take(pid, "idle", all.idling.get())));

        // 2. hold: the server's CPU while every session idles
        long untaggedBefore = all.untaggedWhileIdle.get();
        int droppedBefore = all.dropped.get();
        Duration cpu0 = serverPid.flatMap(ImapIdle::cpu).orElse(null);
        Thread.sleep(HOLD_SECONDS * 500);
        String dumpTo = System.getenv("IDLE_THREAD_DUMP");
        if (dumpTo != null && serverPid.isPresent()) {
            Files.writeString(Path.of(dumpTo), Memory.jcmd(serverPid.get(), "Thread.print"));
        }
        Thread.sleep(HOLD_SECONDS * 500);
        Duration cpu1 = serverPid.flatMap(ImapIdle::cpu).orElse(null);
        long untaggedInHold = all.untaggedWhileIdle.get() - untaggedBefore;
        int droppedInHold = all.dropped.get() - droppedBefore;
        double holdCpuPercent = cpu0 == null || cpu1 == null ? Double.NaN
                : cpu1.minus(cpu0).toNanos() / 1e7 / HOLD_SECONDS;
        System.out.printf("HOLD seconds=%d server_cpu_percent=%.1f untagged=%d dropped=%d%n", HOLD_SECONDS,
                holdCpuPercent, untaggedInHold, droppedInHold);

        // 3. deliveries, one at a time, and the pushes they cause
        long[] acked = new long[deliveries];   // nanoTime of the 250, 0 when refused
        int[] ordinal = new int[deliveries];   // the how-manyth message of its user (1-based)
        int[] perUserCount = new int[users.size()];
        long[] lmtpLatency = new long[deliveries]; // from writing the final "." to reading the 250
        int lmtpErrors = 0;
        int done = 0;
        long deliveryDeadline = System.nanoTime() + DELIVERY_SECONDS * 1_000_000_000L;
        if (dumpTo != null && serverPid.isPresent()) {
            Thread dump = new Thread(() -> {
                try {
                    Thread.sleep(5_000); // a few deliveries in
                    Files.writeString(Path.of(dumpTo + ".deliveries"), Memory.jcmd(serverPid.get(), "Thread.print"));
                } catch (IOException | InterruptedException e) {
                    System.out.println("thread dump during the deliveries: " + e);
                }
            }, "dump");
            dump.setDaemon(true);
            dump.start();
        }
        try (Lmtp lmtp = new Lmtp(host, lmtpPort)) {
            for (int d = 0; d < deliveries && System.nanoTime() < deliveryDeadline; d++, done++) {
                int u = d % users.size();
                String rcpt = users.get(u) + "@example.test";
                String refusal = lmtp.deliver(rcpt, d);
                if (refusal == null) {
                    acked[d] = System.nanoTime();
                    lmtpLatency[d] = acked[d] - lmtp.dataSent;
                    ordinal[d] = ++perUserCount[u];
                    all.expectPushes(u);
                } else {
                    lmtpErrors++;
                    System.out.println("LMTP error: delivery " + d + " to " + rcpt + ": " + refusal);
                }
                Thread.sleep(GAP_MILLIS);
            }
        }
        if (done < deliveries) {
            System.out.printf("LMTP: %d of %d deliveries made in the %d s allowed (IDLE_DELIVERY_SECONDS)%n", done,
                    deliveries, DELIVERY_SECONDS);
        }
        long[] lmtpSorted = Arrays.stream(lmtpLatency, 0, done).filter(n -> n > 0).sorted().toArray();
        long deadline = System.nanoTime() + PUSH_TIMEOUT_SECONDS * 1_000_000_000L;
        while (all.pushesSeen.get() < all.pushesExpected.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        serverPid.ifPresent(pid -> memory.put("end", Memory.take(pid, "end", all.idling.get())));
        all.stop();
        loop.join(30_000);

        // 4. delays: for delivery d (the k-th to user u), every session of u that was idling
        List<Long> delays = new ArrayList<>();
        long missed = 0;
        long beforeAck = 0;
        for (Session s : all.sessions) {
            if (s == null || s.idleSince == 0) {
                continue;
            }
            for (int d = 0; d < done; d++) {
                if (d % users.size() != s.user || acked[d] == 0) {
                    continue;
                }
                long arrival = s.arrivals[ordinal[d]];
                if (arrival == 0) {
                    missed++;
                } else {
                    delays.add(arrival - acked[d]);
                    beforeAck += arrival < acked[d] ? 1 : 0;
                }
            }
        }
        long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("PUSH expected=%d seen=%d missed=%d before_250=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f "
                        + "deliveries=%d lmtp_errors=%d lmtp_p50_ms=%.2f lmtp_p99_ms=%.2f lmtp_max_ms=%.2f%n",
                sorted.length + missed, sorted.length, missed, beforeAck, percentile(sorted, 50), percentile(sorted, 99),
                percentile(sorted, 100), done, lmtpErrors, percentile(lmtpSorted, 50), percentile(lmtpSorted, 99),
                percentile(lmtpSorted, 100));

        report(memory, sessions, all, holdCpuPercent, untaggedInHold, droppedInHold, sorted, missed,
                beforeAck, done, deliveries, lmtpErrors, lmtpSorted, (t2 - t0) / 1e9);
        all.closeAll();
        boolean ok = allUp && all.failed.get() == 0 && missed == 0 && lmtpErrors == 0 && done == deliveries;
        System.out.printf("RESULT sessions=%d idling=%d failed=%d push_p50_ms=%.2f push_p99_ms=%.2f missed=%d "
                        + "hold_cpu_percent=%.1f ok=%b%n", sessions, all.idling.get(), all.failed.get(),
                percentile(sorted, 50), percentile(sorted, 99), missed, holdCpuPercent, ok);
        System.exit(ok ? 0 : 1);
    }

    private static void report(Map<String, Memory> memory, int sessions, Sessions all,
                               double holdCpuPercent, long untaggedInHold, int droppedInHold, long[] delays, long missed,
                               long beforeAck, int done, int deliveries, int lmtpErrors, long[] lmtpLatency,
                               double setupSeconds) {
        if (!memory.isEmpty()) {
            System.out.println("TABLE | server memory | sessions idling | RSS MiB | live heap MiB | heap committed MiB "
                    + "| NMT committed MiB | NMT heap / thread / other / class+metaspace MiB | threads |");
            System.out.println("TABLE |---|---|---|---|---|---|---|---|");
            memory.forEach((label, m) -> System.out.printf("TABLE | %s | %d | %s | %s | %s | %s | %s | %d |%n", label,
                    m.sessions,
                    mib(m.rssKb), mib(m.heapUsedKb), mib(m.heapCommittedKb), mib(m.nmtKb("Total")),
                    m.nmt.isEmpty() ? "n/a" : mib(m.nmtKb("Java Heap")) + " / " + mib(m.nmtKb("Thread")) + " / "
                            + mib(m.nmtKb("Other")) + " / " + mib(m.nmtKb("Class")),
                    m.threads));
            Memory warm = memory.get("warm");
            Memory idle = memory.get("idle");
            int added = idle == null || warm == null ? 0 : idle.sessions - warm.sessions;
            if (warm != null && idle != null && added > 0) {
                String nmt = warm.nmt.isEmpty() ? ""
                        : String.format(", native committed (NMT) %+.1f KiB (Java heap %+.1f, other %+.1f, "
                                        + "thread %+.1f, internal %+.1f)",
                                (idle.nmtKb("Total") - warm.nmtKb("Total")) / (double) added,
                                (idle.nmtKb("Java Heap") - warm.nmtKb("Java Heap")) / (double) added,
                                (idle.nmtKb("Other") - warm.nmtKb("Other")) / (double) added,
                                (idle.nmtKb("Thread") - warm.nmtKb("Thread")) / (double) added,
                                (idle.nmtKb("Internal") - warm.nmtKb("Internal")) / (double) added);
                System.out.printf("NOTE Per IDLE session (from warm to idle, %d sessions added): RSS %+.1f KiB, "
                                + "live heap %+.1f KiB%s.%n", added,
                        (idle.rssKb - warm.rssKb) / (double) added, (idle.heapUsedKb - warm.heapUsedKb) / (double) added,
                        nmt);
            }
            Memory start = memory.get("start");
            if (start != null && idle != null) {
                System.out.printf("NOTE From start to idle (%d sessions, every INBOX loaded): RSS %+.0f MiB, live "
                                + "heap %+.0f MiB; per session %.1f KiB RSS.%n", idle.sessions,
                        (idle.rssKb - start.rssKb) / 1024.0, (idle.heapUsedKb - start.heapUsedKb) / 1024.0,
                        (idle.rssKb - start.rssKb) / (double) Math.max(1, idle.sessions));
            }
        }
        System.out.printf("NOTE Set-up: %d of %d sessions idling (%d failed) after %.0f s.%n", all.idling.get(),
                sessions, all.failed.get(), setupSeconds);
        System.out.printf("NOTE Hold, %d s with every session idle: server CPU %.1f%% of one CPU; %d untagged "
                        + "responses, %d sessions closed by the server.%n", HOLD_SECONDS, holdCpuPercent,
                untaggedInHold, droppedInHold);
        System.out.printf("NOTE Deliveries: %d of %d made by LMTP, one at a time (%s), %d refused; LMTP reply to the "
                        + "final \".\" p50 %.2f ms, p99 %.2f ms, max %.2f ms.%n", done, deliveries,
                done < deliveries ? "stopped after the " + DELIVERY_SECONDS + " s allowed" : "all", lmtpErrors,
                percentile(lmtpLatency, 50), percentile(lmtpLatency, 99), percentile(lmtpLatency, 100));
        System.out.printf("NOTE Pushes: %d sessions to tell of each delivery: %d pushes seen, "
                        + "%d missed (none within %d s); delay from the LMTP 250 to `* n EXISTS` p50 %.2f ms, p99 %.2f ms, "
                        + "max %.2f ms (%d arrived before the 250 was read).%n",
                sessions / Math.max(1, all.users.size()), delays.length, missed, PUSH_TIMEOUT_SECONDS,
                percentile(delays, 50), percentile(delays, 99), percentile(delays, 100), beforeAck);
        if (all.dropped.get() > 0) {
            System.out.printf("NOTE %d sessions were closed by the server while idling (first reasons: %s).%n",
                    all.dropped.get(), all.dropReasons);
        }
    }

    private static String mib(long kb) {
        return kb < 0 ? "n/a" : String.format("%.0f", kb / 1024.0);
    }

    private static Optional<Duration> cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
    }

    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** The server's memory at one moment; -1 where a figure could not be read. */
    static final class Memory {
        long rssKb = -1;
        long heapUsedKb = -1;
        long heapCommittedKb = -1;
        int threads = -1;
        int sessions;
        final Map<String, Long> nmt = new TreeMap<>();

        long nmtKb(String category) {
            return nmt.getOrDefault(category, -1L);
        }

        static Memory take(long pid, String label, int sessions) {
            Memory m = new Memory();
            m.sessions = sessions;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        m.rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    } else if (line.startsWith("Threads:")) {
                        m.threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                System.out.println("MEM error: /proc/" + pid + "/status: " + e);
            }
            // The live heap: GC.class_histogram runs a full collection and sums the objects that survive
            // it at that safepoint. (GC.heap_info's "used" after a GC.run is not that: the sessions'
            // periodic rescans allocate tens of MB per second between the two jcmd calls.)
            String histogram = jcmd(pid, "GC.class_histogram");
            Matcher live = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(histogram);
            if (live.find()) {
                m.heapUsedKb = Long.parseLong(live.group(1)) / 1024;
            }
            Matcher rows = Pattern.compile("(?m)^\\s*(\\d+):\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)").matcher(histogram);
            StringBuilder top = new StringBuilder();
            for (int i = 0; i < 8 && rows.find(); i++) {
                top.append(String.format(" %s=%dx/%.1fMiB", rows.group(4), Long.parseLong(rows.group(2)),
                        Long.parseLong(rows.group(3)) / 1048576.0));
            }
            System.out.println("MEMTOP " + label + top);
            String keep = System.getenv("IDLE_HISTOGRAM");
            if (keep != null) {
                try {
                    Files.writeString(Path.of(keep + "-" + label + ".txt"), histogram);
                } catch (IOException e) {
                    System.out.println("MEM error: histogram: " + e);
                }
            }
            Matcher heap = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
            if (heap.find()) {
                m.heapCommittedKb = Long.parseLong(heap.group(1));
            }
            String summary = jcmd(pid, "VM.native_memory", "summary");
            Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(summary);
            if (total.find()) {
                m.nmt.put("Total", Long.parseLong(total.group(1)));
                Matcher category = Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)")
                        .matcher(summary);
                while (category.find()) {
                    m.nmt.put(category.group(1).trim(), Long.parseLong(category.group(2)));
                }
            }
            System.out.printf("MEM " + label + " rss_kb=%d heap_live_kb=%d heap_committed_kb=%d nmt_committed_kb=%d "
                    + "threads=%d%n", m.rssKb, m.heapUsedKb, m.heapCommittedKb, m.nmtKb("Total"), m.threads);
            if (!m.nmt.isEmpty()) {
                System.out.println("MEMNMT " + m.nmt);
            }
            return m;
        }

        static String jcmd(long pid, String... command) {
            List<String> cmd = new ArrayList<>();
            Path jdkJcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            cmd.add(Files.isExecutable(jdkJcmd) ? jdkJcmd.toString() : "jcmd");
            cmd.add(Long.toString(pid));
            cmd.addAll(List.of(command));
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                byte[] output = p.getInputStream().readAllBytes();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                return new String(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.out.println("MEM error: " + cmd + ": " + e);
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }

    enum State { CONNECTING, GREETING, LOGIN, SELECT, IDLE, IDLING, CLOSED }

    /** One connection; touched only by the selector thread until that thread has ended. */
    static final class Session {
        final int index;
        final int user;
        final long[] arrivals;  // [k]: nanoTime the k-th delivered message was first counted in an EXISTS
        SocketChannel channel;
        State state = State.CONNECTING;
        ByteBuffer in = ByteBuffer.allocate(2048);
        ByteBuffer out;
        long base = -1;        // EXISTS at SELECT
        long exists;
        long idleSince;

        Session(int index, int user, int perUser) {
            this.index = index;
            this.user = user;
            this.arrivals = new long[perUser + 1];
        }
    }

    /** All sessions on one selector; its {@link #run} is the selector thread. */
    static final class Sessions implements Runnable {
        final InetSocketAddress server;
        final Session[] sessions;
        final int addresses;
        final List<String> users;
        final String password;
        final int perUser;
        final Selector selector;
        final AtomicInteger target = new AtomicInteger();
        final AtomicInteger idling = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicLong untaggedWhileIdle = new AtomicLong();
        final AtomicLong pushesSeen = new AtomicLong();
        final AtomicLong pushesExpected = new AtomicLong();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        final Map<String, Integer> dropReasons = new ConcurrentHashMap<>();
        final int[] idlingPerUser;
        private int opened;
        private volatile boolean stopped;

        Sessions(InetSocketAddress server, int count, int addresses, List<String> users, String password, int perUser)
                throws IOException {
            this.server = server;
            this.sessions = new Session[count];
            this.addresses = addresses;
            this.users = users;
            this.password = password;
            this.perUser = perUser;
            this.selector = Selector.open();
            this.idlingPerUser = new int[users.size()];
        }

        void openUpTo(int n) {
            target.set(n);
            selector.wakeup();
        }

        boolean awaitSetUp(int n, long timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            while (idling.get() + failed.get() < n) {
                if (System.nanoTime() > deadline) {
                    System.out.println("setup: timed out with " + (n - idling.get() - failed.get()) + " sessions not idling;"
                            + " no more are opened");
                    target.set(0); // the selector opens no more; those under way may still reach IDLE
                    return false;
                }
                Thread.sleep(50);
            }
            return true;
        }

        /** A delivery to user u was acknowledged: every session of u idling now should see it. */
        void expectPushes(int u) {
            synchronized (idlingPerUser) {
                pushesExpected.addAndGet(idlingPerUser[u]);
            }
        }

        void stop() {
            stopped = true;
            selector.wakeup();
        }

        void closeAll() {
            for (Session s : sessions) {
                if (s != null && s.channel != null) {
                    try {
                        s.channel.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    while (opened < target.get() && opened - idling.get() - failed.get() - dropped.get() < PARALLEL) {
                        open(opened++);
                    }
                    selector.select(50);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        Session s = (Session) key.attachment();
                        try {
                            if (key.isValid() && key.isConnectable()) {
                                s.channel.finishConnect();
                                s.state = State.GREETING;
                                key.interestOps(SelectionKey.OP_READ);
                            }
                            if (key.isValid() && key.isWritable()) {
                                flush(s, key);
                            }
                            if (key.isValid() && key.isReadable()) {
                                read(s, key);
                            }
                        } catch (IOException e) {
                            fail(s, key, e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    }
                }
            } catch (IOException e) {
                System.out.println("selector: " + e);
            }
        }

        private void open(int i) {
            Session s = new Session(i, i % users.size(), perUser);
            sessions[i] = s;
            try {
                SocketChannel ch = SocketChannel.open();
                s.channel = ch;
                ch.configureBlocking(false);
                ch.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i % addresses)}), 0));
                SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT, s);
                if (ch.connect(server)) {
                    s.state = State.GREETING;
                    key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                fail(s, null, "connect: " + e);
            }
        }

        private void fail(Session s, SelectionKey key, String why) {
            if (s.state == State.CLOSED) {
                return;
            }
            if (s.state == State.IDLING) {
                dropped.incrementAndGet();
                dropReasons.merge(why, 1, Integer::sum);
                idling.decrementAndGet();
                synchronized (idlingPerUser) {
                    idlingPerUser[s.user]--;
                }
            } else {
                failed.incrementAndGet();
                AtomicInteger n = failures.computeIfAbsent(s.state + ": " + why, k -> new AtomicInteger());
                if (n.incrementAndGet() == 1 && failures.size() <= 20) {
                    System.out.println("session " + s.index + " failed in " + s.state + ": " + why);
                }
            }
            s.state = State.CLOSED;
            if (key != null) {
                key.cancel();
            }
            try {
                s.channel.close();
            } catch (IOException ignored) {
                // failed already
            }
        }

        private void send(Session s, SelectionKey key, String text) throws IOException {
            s.out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            flush(s, key);
        }

        private void flush(Session s, SelectionKey key) throws IOException {
            s.channel.write(s.out);
            key.interestOps(s.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void read(Session s, SelectionKey key) throws IOException {
            int n = s.channel.read(s.in);
            if (n < 0) {
                String last = new String(s.in.array(), 0, s.in.position(), StandardCharsets.US_ASCII).strip();
                fail(s, key, "closed by the server" + (last.isEmpty() ? "" : " after \"" + last + "\""));
                return;
            }
            long now = System.nanoTime();
            ByteBuffer b = s.in;
            int start = 0;
            for (int i = 0; i < b.position(); i++) {
                if (b.get(i) == '\n') {
                    int end = i > start && b.get(i - 1) == '\r' ? i - 1 : i;
                    line(s, key, new String(b.array(), start, end - start, StandardCharsets.US_ASCII), now);
                    if (s.state == State.CLOSED) {
                        return;
                    }
                    start = i + 1;
                }
            }
            b.limit(b.position()).position(start);
            b.compact();
            if (!b.hasRemaining()) {
                s.in = ByteBuffer.allocate(b.capacity() * 2).put(b.flip());
            }
        }

        private void line(Session s, SelectionKey key, String line, long now) throws IOException {
            switch (s.state) {
                case GREETING -> {
                    if (!line.startsWith("* OK")) {
                        fail(s, key, "greeting " + line);
                        return;
                    }
                    s.state = State.LOGIN;
                    send(s, key, "a LOGIN \"" + users.get(s.user) + "\" \"" + password + "\"\r\n");
                }
                case LOGIN -> {
                    if (line.startsWith("a ")) {
                        if (!line.startsWith("a OK")) {
                            fail(s, key, "LOGIN -> " + line);
                            return;
                        }
                        s.state = State.SELECT;
                        send(s, key, "b SELECT INBOX\r\n");
                    }
                }
                case SELECT -> {
                    if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
                        s.base = Long.parseLong(line.substring(2, line.length() - 7));
                        s.exists = s.base;
                    } else if (line.startsWith("b ")) {
                        if (!line.startsWith("b OK") || s.base < 0) {
                            fail(s, key, "SELECT -> " + line);
                            return;
                        }
                        s.state = State.IDLE;
                        send(s, key, "c IDLE\r\n");
                    }
                }
                case IDLE -> {
                    if (line.startsWith("+")) {
                        s.state = State.IDLING;
                        s.idleSince = now;
                        synchronized (idlingPerUser) {
                            idlingPerUser[s.user]++;
                        }
                        idling.incrementAndGet();
                    } else if (line.startsWith("c ")) {
                        fail(s, key, "IDLE -> " + line);
                    }
                }
                case IDLING -> idling(s, key, line, now);
                default -> {
                }
            }
        }

        private void idling(Session s, SelectionKey key, String line, long now) {
            if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
                long n = Long.parseLong(line.substring(2, line.length() - 7));
                for (long k = s.exists - s.base + 1; k <= n - s.base; k++) {
                    if (k >= 1 && k < s.arrivals.length) {
                        s.arrivals[(int) k] = now;
                        pushesSeen.incrementAndGet();
                    }
                }
                s.exists = Math.max(s.exists, n);
            } else if (line.startsWith("* BYE")) {
                fail(s, key, line);
            } else if (!(line.startsWith("* ") && line.endsWith(" RECENT"))) {
                untaggedWhileIdle.incrementAndGet();
            }
        }
    }

    /** A blocking LMTP client for the deliveries; {@link #deliver} returns null on 250, else the reply. */
    static final class Lmtp implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        /** nanoTime when the last message's final "." was written. */
        long dataSent;

        Lmtp(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress(host, port), 30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            expect(reply(), "220", "greeting");
            send("LHLO bench.example.test\r\n");
            expect(reply(), "250", "LHLO");
        }

        String deliver(String rcpt, int n) throws IOException {
            send("MAIL FROM:<idle-bench@bench.example.test>\r\n");
            String r = reply();
            if (!r.startsWith("250")) {
                return "MAIL -> " + r;
            }
            send("RCPT TO:<" + rcpt + ">\r\n");
            r = reply();
            if (!r.startsWith("250")) {
                send("RSET\r\n");
                reply();
                return "RCPT -> " + r;
            }
            send("DATA\r\n");
            r = reply();
            if (!r.startsWith("354")) {
                return "DATA -> " + r;
            }
            StringBuilder m = new StringBuilder(2048)
                    .append("From: IDLE bench <idle-bench@bench.example.test>\r\n")
                    .append("To: <").append(rcpt).append(">\r\n")
                    .append("Subject: push ").append(n).append("\r\n")
                    .append("Message-ID: <push.").append(n).append('.').append(System.nanoTime())
                    .append("@bench.example.test>\r\n")
                    .append("Date: ").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))).append("\r\n\r\n");
            for (int i = 0; i < 20; i++) {
                m.append("A message to wake the idling sessions up, line ").append(i).append(".\r\n");
            }
            send(m.append(".\r\n").toString());
            dataSent = System.nanoTime();
            r = reply();
            return r.startsWith("250") ? null : "end of DATA -> " + r;
        }

        private static void expect(String reply, String code, String what) throws IOException {
            if (!reply.startsWith(code)) {
                throw new IOException("LMTP " + what + " -> " + reply);
            }
        }

        private void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The last line of a (multiline) reply. */
        private String reply() throws IOException {
            while (true) {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) != '\n') {
                    if (c < 0) {
                        throw new IOException("LMTP connection closed");
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

        @Override
        public void close() throws IOException {
            send("QUIT\r\n");
            socket.close();
        }
    }
}
