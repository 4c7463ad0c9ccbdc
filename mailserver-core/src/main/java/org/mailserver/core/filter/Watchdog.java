package org.mailserver.core.filter;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket when its deadline passes. A socket's read timeout bounds each read, but nothing
 * bounds a blocking write to a peer that stopped reading; closing the socket from here makes that
 * write fail, so the whole exchange ends within its time. Shared by the scanner clients (spamd, clamd).
 */
public final class Watchdog implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scanner-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> task;
    private volatile boolean fired;

    public Watchdog(Closeable target, Duration after) {
        this.task = TIMER.schedule(() -> {
            fired = true;
            try {
                target.close();
            } catch (IOException e) {
                // closing is all we can do
            }
        }, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether the deadline passed and the socket was closed. */
    public boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
