package org.mailserver.core.exec;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The one bounded pool for blocking work (LDAP, file I/O, fsync). Results come back on the caller's
 * event loop, so handlers never touch channel state from a pool thread.
 *
 * <p>When the pool and its queue are full, the task fails at once with
 * {@link RejectedExecutionException}; protocols answer that with a temporary error.
 */
public final class BlockingExecutor implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    public BlockingExecutor(int threads, int queueSize) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueSize), r -> {
                    Thread t = new Thread(r, "blocking-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code task} on the pool; the future completes on the pool thread. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    f.complete(task.call());
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /**
     * Runs {@code task} on the pool and hands its result (or failure, unwrapped) to {@code then}
     * on {@code loop}, normally the channel's event loop.
     */
    public <T> void run(Callable<T> task, EventExecutor loop, BiConsumer<T, Throwable> then) {
        submit(task).whenComplete((v, e) -> {
            Throwable cause = e;
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            Throwable c = cause;
            if (loop.inEventLoop()) {
                then.accept(v, c);
            } else {
                loop.execute(() -> then.accept(v, c));
            }
        });
    }

    /** Stops taking work and waits up to {@code millis} for running tasks. */
    public void shutdown(long millis) throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
