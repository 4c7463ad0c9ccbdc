package org.mailserver.core.filter.rate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;

/**
 * Policy {@code rate} (issue 5 item 9, Postfix's anvil): connections and messages per client
 * address per minute.
 *
 * <ul>
 *   <li>CONNECT counts a connection; the one past {@code filter.rate.connections} is deferred with
 *       421 4.7.0, the only code besides 554 a server may send at connect (RFC 5321 3.8, 4.3.2).
 *   <li>DATA, at the end of data, counts a message; the one past {@code filter.rate.messages} is
 *       deferred with 451 4.7.1. Only messages this filter lets through count, so put it last in
 *       the chain: a message refused by an earlier filter never reaches it.
 * </ul>
 *
 * <p>A refused attempt is not counted. Authenticated sessions and an unknown client are not limited.
 *
 * <p>Counting follows anvil: per address, a one-minute window opens at the first event and the
 * counts start again at the first event after it ends, so at most twice the limit fits in any
 * minute that straddles two windows. An address is forgotten after {@link #IDLE} without events,
 * or when more than {@link RateLimitConfig#maxAddresses()} are tracked (least used first).
 *
 * <p>Threading: {@link #check} never blocks; each event is one atomic update of the address's entry
 * in a Caffeine cache, O(1). Thread-safe. Nothing to close.
 */
public final class RateLimitFilter implements Filter {
    /** The length of a counting window. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** How long an address without events is remembered; longer than {@link #WINDOW}. */
    public static final Duration IDLE = Duration.ofMinutes(2);
    private static final long WINDOW_NANOS = WINDOW.toNanos();

    private final RateLimitConfig config;
    private final Ticker ticker;
    private final Set<Stage> stages;
    private final Cache<InetAddress, Window> windows;

    /** Counts of one address in the window that opened at {@code start} (ticker nanos). Immutable. */
    private record Window(long start, int connections, int messages) {
    }

    public RateLimitFilter(RateLimitConfig config) {
        this(config, Ticker.systemTicker());
    }

    /**
     * As {@link #RateLimitFilter(RateLimitConfig)} with a time source of the caller's (tests); windows and
     * expiry both follow it. A monotonic one ({@link System#nanoTime}), so a wall-clock step changes nothing.
     */
    public RateLimitFilter(RateLimitConfig config, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
        EnumSet<Stage> s = EnumSet.noneOf(Stage.class);
        if (config.connections() > 0) {
            s.add(Stage.CONNECT);
        }
        if (config.messages() > 0) {
            s.add(Stage.DATA);
        }
        this.stages = Set.copyOf(s);
        this.windows = Caffeine.newBuilder()
                .maximumSize(config.maxAddresses())
                .expireAfterAccess(IDLE)
                .ticker(ticker)
                .build();
    }

    @Override
    public String policy() {
        return "rate";
    }

    @Override
    public Set<Stage> stages() {
        return stages;
    }

    @Override
    public FilterVerdict check(Stage stage, FilterContext c) {
        if (c.authenticatedUser() != null || c.client() == null) {
            return FilterVerdict.CONTINUE;
        }
        if (stage == Stage.CONNECT && config.connections() > 0) {
            if (!count(c.client(), true, config.connections())) {
                // RFC 5321 3.8: at connect only 421 (or 554) may be sent, and the server closes.
                return new FilterVerdict.Defer(new Refusal(421, "4.7.0",
                        "Too many connections from " + literal(c.client()) + " (policy rate)", policy(),
                        "connections>" + config.connections() + "/min"));
            }
        } else if (stage == Stage.DATA && config.messages() > 0) {
            if (!count(c.client(), false, config.messages())) {
                return new FilterVerdict.Defer(new Refusal(451, "4.7.1",
                        "Too many messages from " + literal(c.client()) + ", try again later (policy rate)", policy(),
                        "messages>" + config.messages() + "/min"));
            }
        }
        return FilterVerdict.CONTINUE;
    }

    /** Counts one event of {@code client} unless that would pass {@code limit}; false when refused. */
    private boolean count(InetAddress client, boolean connection, int limit) {
        long now = ticker.read();
        boolean[] allowed = new boolean[1];
        // compute is atomic per key: no event is lost between concurrent sessions of one address.
        windows.asMap().compute(client, (k, w) -> {
            if (w == null || now - w.start() >= WINDOW_NANOS) {
                w = new Window(now, 0, 0);
            }
            int n = connection ? w.connections() : w.messages();
            if (n >= limit) {
                allowed[0] = false;
                return w;
            }
            allowed[0] = true;
            return connection ? new Window(w.start(), n + 1, w.messages()) : new Window(w.start(), w.connections(), n + 1);
        });
        return allowed[0];
    }

    private static String literal(InetAddress a) {
        return "[" + a.getHostAddress() + "]";
    }

    /** Addresses tracked now (expired ones dropped first). */
    public long size() {
        windows.cleanUp();
        return windows.estimatedSize();
    }
}
