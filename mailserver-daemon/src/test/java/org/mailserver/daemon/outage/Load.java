package org.mailserver.daemon.outage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A steady load: client threads each running one exchange after another (numbered across threads,
 * so a thread can alternate kinds) until closed, with a short pause between them. Every result is
 * kept for the assertions.
 */
final class Load implements AutoCloseable {
    private static final long PAUSE_MS = 30;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Exchange.Result> results = new ConcurrentLinkedQueue<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile boolean running = true;

    /** Adds {@code count} threads running {@code work.apply(n)}, {@code n} counting every exchange. */
    Load add(String name, int count, IntFunction<Exchange.Result> work) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                while (running) {
                    results.add(work.apply(counter.incrementAndGet()));
                    try {
                        Thread.sleep(PAUSE_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "load-" + name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    List<Exchange.Result> results() {
        return List.copyOf(results);
    }

    /** Waits up to {@code max} for a result started at or after {@code after} (ms) that matches. */
    Optional<Exchange.Result> await(long after, Predicate<Exchange.Result> p, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            Optional<Exchange.Result> r = results.stream().filter(x -> x.start() >= after && p.test(x))
                    .min((a, b) -> Long.compare(a.end(), b.end()));
            if (r.isPresent()) {
                return r;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    /** Waits until {@code n} results of each kind have started and ended within [from, now], at least {@code min} long. */
    void awaitWithin(long from, int n, Duration min, Duration max, String... kinds) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        long minEnd = System.nanoTime() + min.toNanos();
        while (System.nanoTime() < end) {
            boolean enough = System.nanoTime() >= minEnd;
            for (String k : kinds) {
                enough &= results.stream().filter(r -> r.kind().equals(k) && r.start() >= from).count() >= n;
            }
            if (enough) {
                return;
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
