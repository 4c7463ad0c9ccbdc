package org.mailserver.smtp.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailserver.smtp.client.ClientDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick of the queue's scheduler thread: notices the {@code flush} file, finds the due
 * recipients, groups them by next hop (the transport map, else the recipient's domain for an MX
 * lookup), and starts delivery jobs on the queue's pool within the per-destination limit, each job
 * taking several messages over one connection. A recipient is in at most one job at a time.
 */
final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final String LOCAL = "local";
    private final QueueManager q;

    Scheduler(QueueManager q) {
        this.q = q;
    }

    void tick() {
        if (Files.exists(q.store.flushFile())) {
            try {
                Files.deleteIfExists(q.store.flushFile());
            } catch (IOException e) {
                LOG.warn("queue: cannot remove {}: {}", q.store.flushFile(), e.getMessage());
            }
            q.flushRequested.set(true);
        }
        boolean flushing = q.flushRequested.getAndSet(false);
        long now = System.currentTimeMillis();
        Map<String, Map<QueuedMessage, List<Integer>>> due = new LinkedHashMap<>();
        Map<String, NextHop> hops = new ConcurrentHashMap<>();
        Map<String, String> domains = new ConcurrentHashMap<>();
        TransportMap transports = q.transportMap(); // one map for the whole pass, even if a reload swaps it
        for (QueuedMessage m : q.messages.values()) {
            if (m.done()) {
                if (q.inFlight.add(m.id)) {
                    q.workers.execute(() -> q.finish(m));
                }
                continue;
            }
            List<QueuedRecipient> rs = m.recipients();
            for (int i = 0; i < rs.size(); i++) {
                QueuedRecipient r = rs.get(i);
                if (r.state() != QueuedRecipient.State.PENDING || q.inFlight.contains(m.id + "#" + i)) {
                    continue;
                }
                if (flushing) {
                    m.set(i, r.retryAt(now));
                } else if (r.nextAttempt() > now) {
                    continue;
                }
                String key = LOCAL;
                Optional<NextHop> mapped = r.local() ? Optional.empty() : transports.lookup(r.domain());
                // a local domain's recipient goes to LocalDelivery unless the transport map says otherwise
                if (!r.local() && (mapped.isPresent() || !q.config.isLocalDomain(r.domain()))) {
                    NextHop hop = mapped.orElse(new NextHop(ClientDialect.SMTP, "", 25, true));
                    key = hop.key(r.domain());
                    hops.put(key, hop);
                    domains.put(key, r.domain());
                }
                due.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(m, k -> new ArrayList<>()).add(i);
            }
        }
        due.forEach((key, byMessage) -> dispatch(key, hops.get(key), domains.get(key), byMessage));
    }

    private void dispatch(String key, NextHop hop, String domain, Map<QueuedMessage, List<Integer>> byMessage) {
        AtomicInteger running = q.active.computeIfAbsent(key, k -> new AtomicInteger());
        // local copies too: a slow directory or mailbox must not take every thread from the next hops
        int limit = q.config.perDestination();
        int free = limit - running.get();
        if (free <= 0) {
            return;
        }
        int jobs = Math.min(free, byMessage.size());
        List<List<Work>> batches = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            batches.add(new ArrayList<>());
        }
        int n = 0;
        for (Map.Entry<QueuedMessage, List<Integer>> e : byMessage.entrySet()) {
            if (q.inFlight.contains(e.getKey().id)) {
                continue; // being finished
            }
            e.getValue().forEach(i -> q.inFlight.add(e.getKey().id + "#" + i));
            batches.get(n++ % jobs).add(new Work(e.getKey(), e.getValue()));
        }
        for (List<Work> batch : batches) {
            if (batch.isEmpty()) {
                continue;
            }
            running.incrementAndGet();
            q.workers.execute(() -> {
                try {
                    if (hop == null) {
                        new LocalRetry(q).run(batch);
                    } else {
                        new RemoteDelivery(q, hop, domain).run(batch);
                    }
                } catch (RuntimeException e) {
                    LOG.error("queue: delivery job for {} failed", key, e);
                    for (Work w : batch) {
                        q.release(w.message(), w.recipients());
                    }
                } finally {
                    running.decrementAndGet();
                }
            });
        }
    }

}
