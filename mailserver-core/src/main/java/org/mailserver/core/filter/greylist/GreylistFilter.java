package org.mailserver.core.filter.greylist;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy {@code greylist}, at RCPT: an unknown (client network, sender, recipient) triplet is
 * deferred with 451 4.7.1; a retry after {@code filter.greylist.delay} and within
 * {@code filter.greylist.retry_window} is accepted and the triplet remembered until
 * {@code filter.greylist.expire} passes without mail. A real MTA retries a 4xx (RFC 5321 4.5.4.1);
 * much bulk software does not. Authenticated sessions, whitelisted networks and sender domains skip it.
 *
 * <p>Threading: {@link #check} runs on the blocking executor and never blocks on I/O; the state is
 * written by a thread of its own every {@link #SNAPSHOT_EVERY} and on {@link #close()}. Thread-safe.
 */
public final class GreylistFilter implements Filter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GreylistFilter.class);
    public static final Duration SNAPSHOT_EVERY = Duration.ofMinutes(1);
    static final String TEXT = "Greylisted, please try again later (policy greylist)";

    private final GreylistConfig config;
    private final GreylistStore store;
    private final ScheduledExecutorService saver;

    private GreylistFilter(GreylistConfig config, GreylistStore store, ScheduledExecutorService saver) {
        this.config = config;
        this.store = store;
        this.saver = saver;
    }

    /**
     * Loads the state from {@link GreylistConfig#stateFile()} (expired entries dropped) and starts
     * the snapshot thread. Blocks on file I/O: call at startup, not on an event loop.
     *
     * @throws IOException when the state file exists but cannot be read
     */
    public static GreylistFilter open(GreylistConfig config) throws IOException {
        return open(config, Clock.systemUTC(), SNAPSHOT_EVERY);
    }

    /** As {@link #open(GreylistConfig)} with a clock and snapshot interval of the caller's (tests). */
    public static GreylistFilter open(GreylistConfig config, Clock clock, Duration snapshotEvery) throws IOException {
        GreylistStore store = new GreylistStore(config, clock);
        store.load();
        ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "greylist-snapshot");
            t.setDaemon(true);
            return t;
        });
        GreylistFilter f = new GreylistFilter(config, store, saver);
        long every = snapshotEvery.toMillis();
        saver.scheduleWithFixedDelay(f::saveQuietly, every, every, TimeUnit.MILLISECONDS);
        return f;
    }

    @Override
    public String policy() {
        return "greylist";
    }

    @Override
    public Set<Stage> stages() {
        return Set.of(Stage.RCPT);
    }

    @Override
    public FilterVerdict check(Stage stage, FilterContext c) {
        if (stage != Stage.RCPT || c.authenticatedUser() != null || c.recipient() == null || c.client() == null) {
            return FilterVerdict.CONTINUE;
        }
        String sender = c.sender() == null ? "" : c.sender();
        int at = sender.lastIndexOf('@');
        if (config.whitelisted(c.client(), at < 0 ? null : sender.substring(at + 1))) {
            return FilterVerdict.CONTINUE;
        }
        Triplet t = Triplet.of(c.client(), sender, c.recipient());
        GreylistStore.Decision d = store.decide(t);
        return switch (d) {
            case FIRST, TOO_EARLY -> new FilterVerdict.Defer(new Refusal(451, "4.7.1", TEXT, policy(),
                    (d == GreylistStore.Decision.FIRST ? "new " : "early retry of ") + t));
            case PASSED, KNOWN -> FilterVerdict.CONTINUE;
        };
    }

    /** Entries held in memory now. */
    public long size() {
        return store.size();
    }

    /** Writes the state file now if anything changed (temp file + rename). */
    public void save() throws IOException {
        store.save();
    }

    private void saveQuietly() {
        try {
            store.save();
        } catch (IOException | RuntimeException e) {
            LOG.warn("greylist: cannot write {}: {}", config.stateFile(), e.toString());
        }
    }

    /** Stops the snapshot thread and writes the state one last time. */
    @Override
    public void close() throws IOException {
        saver.shutdown();
        try {
            saver.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.save();
    }
}
