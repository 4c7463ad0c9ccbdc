package org.mailserver.smtp.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.delivery.OutboundQueue;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.dns.DnsResolver;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.log.QueueIds;
import org.mailserver.core.metrics.DeliveryMetrics;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.smtp.client.ClientReply;
import org.mailserver.smtp.client.SmtpClient;
import org.mailserver.smtp.client.SmtpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbound queue (see {@link QueueStore} for the files) and its scheduler.
 *
 * <p>Call order: construct, {@link #start()} (loads every envelope left by an earlier run and
 * resumes), then {@link #enqueue} from any thread but an event loop, {@link #flush()} at will,
 * {@link #stop()} at shutdown.
 *
 * <p>Threads: one scheduler thread ticks every 250 ms: it notices the {@code flush} file, groups
 * due recipients by next hop and hands them to a fixed pool of delivery threads, at most
 * {@link QueueConfig#perDestination()} jobs per next hop (local copies count as one next hop), so
 * a slow DNS server, remote server or directory holds at most that many threads. The scheduler
 * itself does no DNS and no network I/O. Each job uses one connection for all its messages (RSET
 * between). Nothing here runs on an event loop.
 *
 * <p>Operator deletes ({@link QueueAdmin#delete}, another process) are noticed before each
 * attempt: the envelope goes first and the content last, so a message missing either is gone.
 *
 * <p>Exactly once: a recipient's acceptance is appended to {@code <id>.sent} (one write, no fsync)
 * right after the server's reply and before anything else, then its result is written to the
 * envelope (fsync'd), for LMTP after each recipient's reply; a restart does not send it again. A
 * crash between the remote's receipt of the end of data and that append is the one window SMTP
 * leaves (RFC 1047); docs/reliability.md has its measured size. A report to the sender is queued
 * under the original's id plus a suffix before the original is removed, so a crash in between
 * neither loses it nor sends it twice.
 */
public final class QueueManager implements OutboundQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueManager.class);

    final QueueConfig config;
    final QueueStore store;
    final DnsResolver dns;
    final LocalDelivery localDelivery;
    final Directory directory;
    final SmtpClient client;
    final Bounces bounces;
    final Metrics metrics;
    /** Counted and timed per next-hop protocol (RemoteDelivery's). */
    final DeliveryMetrics smtpOut;
    final DeliveryMetrics lmtpOut;
    final Map<String, QueuedMessage> messages = new ConcurrentHashMap<>();
    final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final Scheduler scheduler = new Scheduler(this);
    final ExecutorService workers;
    final java.util.concurrent.atomic.AtomicBoolean flushRequested = new java.util.concurrent.atomic.AtomicBoolean();
    /** Connections open now, so that {@link #stop()} can end deliveries that outlast its grace period. */
    final Set<SmtpConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    /** {@code relay.transport_maps}: from the config, replaced on reload (read once per scheduling pass). */
    private volatile TransportMap transportMap;

    /**
     * @param config queue settings
     * @param dns resolver for MX lookups ({@code dns.servers})
     * @param localDelivery the mailstore, for local recipients whose delivery is retried
     * @param directory to find the user of a local recipient, and whether a bounce goes to a local user
     */
    public QueueManager(QueueConfig config, DnsResolver dns, LocalDelivery localDelivery, Directory directory) {
        this(config, dns, localDelivery, directory, Metrics.none());
    }

    /**
     * As above, counting into {@code metrics}: remote deliveries ({@code transport} smtp or lmtp; local
     * copies are counted by the {@code localDelivery} given, see {@link Metrics#measured}), deferrals
     * and bounces per recipient, and from {@link #start()} the queue's size and age.
     */
    public QueueManager(QueueConfig config, DnsResolver dns, LocalDelivery localDelivery, Directory directory,
                        Metrics metrics) {
        this.config = config;
        this.transportMap = config.transportMap();
        this.metrics = metrics;
        this.smtpOut = metrics.delivery("smtp");
        this.lmtpOut = metrics.delivery("lmtp");
        this.store = new QueueStore(config.dir());
        this.dns = dns;
        this.localDelivery = localDelivery;
        this.directory = directory;
        this.client = new SmtpClient(config.hostname(), config.timeouts(), config.startTls());
        this.bounces = new Bounces(this);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "queue-scheduler"));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.threads(), r -> thread(r, "queue-" + n.incrementAndGet()));
    }

    /** The next hops routing uses from now on (a reload); deliveries already dispatched keep theirs. */
    public void transportMap(TransportMap map) {
        transportMap = Objects.requireNonNull(map);
    }

    /** The next hops routing uses now. */
    public TransportMap transportMap() {
        return transportMap;
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Creates the directory, loads what an earlier run left, and starts the scheduler. Blocks (file I/O). */
    public void start() throws IOException {
        store.create();
        for (QueuedMessage m : store.loadAll()) {
            messages.put(m.id, m);
        }
        LOG.info("queue: {} message(s) in {}", messages.size(), store.dir);
        metrics.queue(new Metrics.QueueGauge() {
            @Override
            public long messages() {
                return messages.size();
            }

            @Override
            public double oldestAgeSeconds() {
                return oldestAgeMillis() / 1000.0;
            }
        });
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, 250, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops scheduling, lets deliveries under way finish for up to 30 s (jobs not started yet do
     * not start), then closes the connections still open and returns within a few seconds more.
     * What was not recorded is deferred (or tried again at the next start).
     */
    public void stop() {
        stop(Duration.ofSeconds(30));
    }

    void stop(Duration grace) {
        stopping = true;
        ticker.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                // blocking socket I/O does not notice an interrupt; closing the socket ends it
                connections.forEach(SmtpConnection::close);
                workers.shutdownNow();
                if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("queue: delivery threads still busy at shutdown");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    /** True once {@link #stop()} began: jobs start nothing new. */
    boolean stopping() {
        return stopping;
    }

    @Override
    public void close() {
        stop();
    }

    /** Makes every pending recipient due now (like {@code postqueue -f}). */
    public void flush() {
        flushRequested.set(true);
    }

    /** The messages in the queue now. */
    public List<QueuedMessage> messages() {
        return List.copyOf(messages.values());
    }

    /** How long the oldest message has been in the queue, 0 when it is empty (a scan: for metrics). */
    long oldestAgeMillis() {
        long oldest = Long.MAX_VALUE;
        for (QueuedMessage m : messages.values()) {
            oldest = Math.min(oldest, m.arrival);
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest);
    }

    @Override
    public String enqueue(QueueEnvelope envelope, byte[] prefix, MessageSource message) throws IOException {
        String id = envelope.queueId();
        boolean mine = id != null && id.matches("[A-Za-z0-9_-]{1,64}") && reserved.add(id);
        if (!mine || store.exists(id)) {
            if (mine) {
                reserved.remove(id); // only our own reservation: another enqueue may hold this id
            }
            id = QueueIds.next();
            reserved.add(id);
        }
        try {
            try (var in = message.open()) {
                store.writeContent(id, prefix, in);
            }
            long now = System.currentTimeMillis();
            List<QueuedRecipient> rs = envelope.recipients().stream().map(r -> QueuedRecipient.fresh(r, now)).toList();
            QueuedMessage m = new QueuedMessage(id, now, envelope.sender(), envelope.envid(), envelope.ret(),
                    envelope.smtputf8(), envelope.eightBit(), prefix.length + message.size(), rs);
            try {
                store.writeEnvelope(m);
            } catch (IOException e) {
                store.delete(id);
                throw e;
            }
            messages.put(id, m);
            return id;
        } finally {
            reserved.remove(id);
        }
    }

    private void tickSafely() {
        try {
            scheduler.tick();
        } catch (RuntimeException e) {
            LOG.error("queue: scheduler failed", e);
        }
    }

    /**
     * True when the operator deleted the message ({@link QueueAdmin#delete}, from another process);
     * it is then forgotten here. The content is removed last, so a missing content file means
     * deleted too: an envelope without content is what a state write racing the delete leaves, and
     * it is removed.
     */
    boolean deleted(QueuedMessage m) {
        if (Files.exists(store.envelope(m.id)) && Files.exists(store.content(m.id))) {
            return false;
        }
        messages.remove(m.id);
        try {
            store.delete(m.id);
        } catch (IOException e) {
            LOG.warn("queue: {}: cannot remove the rest of a deleted message: {}", m.id, e.getMessage());
        }
        LOG.info("queue: {}: deleted by the operator", m.id);
        return true;
    }

    /** Lets recipients be scheduled again without counting an attempt (e.g. the connection dropped before them). */
    void release(QueuedMessage m, List<Integer> recipients) {
        recipients.forEach(i -> inFlight.remove(m.id + "#" + i));
    }

    /**
     * Records the outcomes of one attempt, durably, before anything else happens to the message;
     * logs one line per recipient; and releases the recipients for scheduling.
     */
    void record(QueuedMessage m, List<Integer> recipients, List<Outcome> outcomes) {
        long now = System.currentTimeMillis();
        synchronized (m) {
            journal(m, recipients, outcomes);
            for (int k = 0; k < recipients.size(); k++) {
                int i = recipients.get(k);
                Outcome o = outcomes.get(k);
                QueuedRecipient r = m.recipient(i);
                ClientReply reply = o.reply();
                String text = reply.summary();
                String result;
                if (reply.isPositive()) {
                    r = r.delivered(text, reply.statusOrDefault(), o.remoteMta(), o.dsnAction());
                    result = "sent (" + text + ")";
                    countDelivered(o.protocol());
                } else if (reply.isPermanent()) {
                    r = r.bounced(text, reply.statusOrDefault(), o.remoteMta());
                    result = "bounced (" + text + ")";
                    metrics.bounced();
                } else if (config.retry().expired(m.arrival, now)) {
                    // RFC 3463 3.5: 5.4.7 delivery time expired; the last reply stays the diagnostic
                    r = r.bounced(text, "5.4.7", o.remoteMta());
                    result = "bounced (gave up after " + config.retry().maxAge() + ": " + text + ")";
                    metrics.bounced();
                } else {
                    Duration wait = config.retry().delayAfter(r.attempts() + 1);
                    r = r.deferred(text, reply.statusOrDefault(), o.remoteMta(), now + wait.toMillis());
                    result = "deferred (" + text + ")";
                    metrics.deferred();
                }
                m.set(i, r);
                MailLog.delivery(o.protocol(), m.id, m.sender, r.address(), m.size, result,
                        Duration.ofMillis(now - m.arrival));
            }
            if (Files.exists(store.envelope(m.id)) && Files.exists(store.content(m.id))) { // not deleted meanwhile
                try {
                    store.writeEnvelope(m);
                    store.clearSent(m.id);
                    if (!Files.exists(store.content(m.id))) {
                        store.delete(m.id); // deleted while we wrote: do not bring the envelope back
                    }
                } catch (IOException e) {
                    // memory is ahead of the disk: a restart may repeat these attempts (at least once, not lost)
                    LOG.error("queue: {}: cannot record delivery state: {}", m.id, e.getMessage());
                }
            }
        }
        release(m, recipients);
    }

    /**
     * First thing after a server's 250: the accepted recipients go to {@code <id>.sent} with one
     * write(2), so a process killed before the envelope's fsync'd rewrite does not send them again
     * (see {@link QueueStore}). What remains of the window is the server's own time between the
     * end of data and its reply, and ours to read it (RFC 1047).
     */
    private void journal(QueuedMessage m, List<Integer> recipients, List<Outcome> outcomes) {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < recipients.size(); k++) {
            Outcome o = outcomes.get(k);
            if (o.reply().isPositive()) {
                lines.add(recipients.get(k) + " " + QueueStore.dash(o.reply().statusOrDefault()) + " "
                        + QueueStore.dash(o.dsnAction()) + " " + QueueStore.dash(o.remoteMta()) + " "
                        + o.reply().summary());
            }
        }
        if (!lines.isEmpty()) {
            try {
                store.appendSent(m.id, lines);
            } catch (IOException e) {
                LOG.warn("queue: {}: cannot note the accepted recipients: {}", m.id, e.getMessage());
            }
        }
    }

    /** The next hop's protocol; local copies were counted by the measured {@link LocalDelivery}. */
    private void countDelivered(String protocol) {
        if (protocol.equals("smtp")) {
            smtpOut.delivered();
        } else if (protocol.equals("lmtp")) {
            lmtpOut.delivered();
        }
    }

    /** All recipients are final: reports to the sender, then the files go. Retried next tick on failure. */
    void finish(QueuedMessage m) {
        try {
            if (!deleted(m)) {
                bounces.report(m);
                store.delete(m.id);
                messages.remove(m.id);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("queue: {}: cannot finish yet: {}", m.id, e.getMessage());
        } finally {
            inFlight.remove(m.id);
        }
    }
}
