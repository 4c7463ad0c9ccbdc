package org.mailserver.core.reload;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A component the daemon may replace while it runs (SIGHUP): a holder of the current value, read
 * where a session or a call begins, so what began with one value ends with it.
 *
 * <p>Two ways to read it. {@link #get()} for values that need no close (a TLS context, a filter
 * chain read once per connection): the old one is left to the garbage collector. {@link #acquire()}
 * for values that must be closed (a directory's connection pool): the caller holds a {@link Lease}
 * for the call, and a replaced value is handed to the closer once its last lease is returned.
 *
 * <p>Threading: every method is thread-safe and never blocks. The closer runs on the thread that
 * returns the last lease, or that calls {@link #swap} or {@link #close} when no lease is out; a
 * closer that blocks should hand the work to a thread of its own.
 *
 * @param <T> the component
 */
public final class Reloadable<T> implements Supplier<T> {
    private final Consumer<? super T> closer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Generation<T> current;

    /** @param closer what closes a value no longer used; {@code v -> { }} for values that need none */
    public Reloadable(T initial, Consumer<? super T> closer) {
        this.closer = Objects.requireNonNull(closer);
        this.current = new Generation<>(Objects.requireNonNull(initial), closer);
    }

    /** The current value. Not closed under the caller: use {@link #acquire()} for values that are closed. */
    @Override
    public T get() {
        return current.value;
    }

    /**
     * The current value, kept open until the lease is closed.
     *
     * @throws IllegalStateException after {@link #close()}: there is no value to lend any more
     */
    public Lease<T> acquire() {
        while (true) {
            if (closed.get()) {
                throw new IllegalStateException("closed");
            }
            Generation<T> g = current;
            if (g.retain()) {
                return new Lease<>(g); // (closed just now: the lease keeps the value open until returned)
            }
            // lost a race with swap() or close(): g is retired and closing; read again
        }
    }

    /**
     * Makes {@code next} current; the old value is closed once no lease holds it. Returns the old value.
     *
     * @throws IllegalStateException after {@link #close()}; {@code next} is closed then, so nothing leaks
     */
    public T swap(T next) {
        Objects.requireNonNull(next);
        Generation<T> old;
        synchronized (this) {
            if (closed.get()) {
                closer.accept(next);
                throw new IllegalStateException("closed: the new value was closed at once");
            }
            old = current;
            current = new Generation<>(next, closer);
        }
        old.release();
        return old.value;
    }

    /** Retires the current value for good (at stop): closed once no lease holds it. */
    public void close() {
        Generation<T> last;
        synchronized (this) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            last = current;
        }
        last.release();
    }

    /** One value and how many hold it: the holder itself (1) plus each lease out. */
    private static final class Generation<T> {
        final T value;
        private final Consumer<? super T> closer;
        private final AtomicInteger holders = new AtomicInteger(1);

        Generation(T value, Consumer<? super T> closer) {
            this.value = value;
            this.closer = closer;
        }

        boolean retain() {
            while (true) {
                int n = holders.get();
                if (n == 0) {
                    return false;
                }
                if (holders.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                closer.accept(value);
            }
        }
    }

    /** A hold on one value; closing it twice returns it once. */
    public static final class Lease<T> implements AutoCloseable {
        private final Generation<T> generation;
        private final AtomicBoolean returned = new AtomicBoolean();

        private Lease(Generation<T> generation) {
            this.generation = generation;
        }

        public T value() {
            return generation.value;
        }

        @Override
        public void close() {
            if (returned.compareAndSet(false, true)) {
                generation.release();
            }
        }
    }
}
