package org.mailserver.core.metrics;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.filter.RejectionCounters;

/**
 * The server's metrics, protocol-neutral, on one Prometheus registry (Prometheus' Java client: its
 * counters, gauges and histograms, and its exposition format through {@link MetricsServer}). Built
 * once by the daemon and handed to every module: through {@link
 * org.mailserver.core.transport.ServerContext#metrics()} to the protocols, through constructors to
 * the rest. {@code docs/operators-guide.md} ("Metrics") lists every metric.
 *
 * <p>Call order: build, register the callbacks ({@link #cache}, {@link #queue}) while starting, then
 * take the pre-bound children ({@link #protocol}, {@link #delivery}, {@link #ldap}, {@link #dns}) once
 * per component and count through them: their methods are a few atomic adds, never an allocation
 * or a label lookup. Labels take values from fixed sets only (protocol and listener names, results,
 * command names from the server's own table), never client input, so the series stay few.
 *
 * <p>Threading: every method is thread-safe; counting never blocks. The callbacks registered with
 * {@link #cache} and {@link #queue} run on the HTTP server's thread at each scrape.
 *
 * <p>{@link #none()} is for code built without the daemon (tests, tools): it counts into a registry
 * nobody serves, and ignores the callback registrations so that it holds no reference to them.
 */
public final class Metrics {
    /** Latencies from 0.5 ms (an LDAP lookup on loopback) to 1 min (a slow remote server). */
    static final double[] LATENCY_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10, 30, 60};
    private static final Metrics NONE = new Metrics(false);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final boolean callbacks;
    final Gauge connectionsOpen;
    final Counter connections;
    final Counter connectionsRefused;
    final Counter logins;
    final Counter lockouts;
    final Counter received;
    private final Counter delivered;
    private final Counter deferred;
    private final Counter bounced;
    private final Histogram deliveryTime;
    private final Histogram ldapTime;
    private final Histogram dnsTime;
    private final RejectionCounters rejections = new RejectionCounters();
    private final Map<String, ProtocolMetrics> protocols = new ConcurrentHashMap<>();
    private final Map<String, DeliveryMetrics> transports = new ConcurrentHashMap<>();
    private final Map<String, Latency> ldap = new ConcurrentHashMap<>();
    private final Map<String, Latency> dns = new ConcurrentHashMap<>();
    private final Map<String, Supplier<CacheStats>> caches = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> components = new ConcurrentHashMap<>();
    private volatile QueueGauge queue;

    /** The metrics of one process, on a registry of their own. */
    public Metrics() {
        this(true);
    }

    private Metrics(boolean callbacks) {
        this.callbacks = callbacks;
        connectionsOpen = Gauge.builder().name("mailserver_connections_open")
                .help("Connections open now, by protocol (listener name for SMTP)")
                .labelNames("protocol").register(registry);
        connections = Counter.builder().name("mailserver_connections_total")
                .help("Connections accepted, refused ones included, by protocol")
                .labelNames("protocol").register(registry);
        connectionsRefused = Counter.builder().name("mailserver_connections_refused_total")
                .help("Connections refused by the connection limits, by protocol and limit")
                .labelNames("protocol", "reason").register(registry);
        logins = Counter.builder().name("mailserver_logins_total")
                .help("Logins (SMTP AUTH, POP3, IMAP) by protocol and result: success, failure, temporary, locked")
                .labelNames("protocol", "result").register(registry);
        lockouts = Counter.builder().name("mailserver_login_lockouts_total")
                .help("Lockouts started by failed logins, by protocol and scope: address, user")
                .labelNames("protocol", "scope").register(registry);
        received = Counter.builder().name("mailserver_messages_received_total")
                .help("Messages accepted (SMTP and LMTP end of data, IMAP APPEND), by protocol")
                .labelNames("protocol").register(registry);
        delivered = Counter.builder().name("mailserver_messages_delivered_total")
                .help("Copies delivered, per recipient: local (Maildir) or smtp/lmtp (to another server)")
                .labelNames("transport").register(registry);
        deferred = Counter.builder().name("mailserver_messages_deferred_total")
                .help("Delivery attempts from the outbound queue that failed temporarily, per recipient")
                .register(registry);
        bounced = Counter.builder().name("mailserver_messages_bounced_total")
                .help("Recipients the outbound queue gave up on (permanent failure or too old)")
                .register(registry);
        deliveryTime = Histogram.builder().name("mailserver_delivery_seconds")
                .help("Time of one delivery: a Maildir copy (write, fsync, rename) or one remote transaction")
                .labelNames("transport").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
        ldapTime = Histogram.builder().name("mailserver_ldap_seconds")
                .help("Time of LDAP operations (search, bind), failures included")
                .labelNames("operation").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
        dnsTime = Histogram.builder().name("mailserver_dns_seconds")
                .help("Time of DNS queries, failures and timeouts included, by what asked: relay, dnsbl, spf")
                .labelNames("purpose").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
        CounterWithCallback.builder().name("mailserver_smtp_rejections_total")
                .help("SMTP steps refused (5xx and 4xx) by the filter chain and the recipient checks, by policy")
                .labelNames("policy")
                .callback(cb -> rejections.snapshot().forEach((policy, n) -> cb.call(n, policy)))
                .register(registry);
        CounterWithCallback.builder().name("mailserver_smtp_discards_total")
                .help("Messages answered 250 and delivered nowhere (header_checks DISCARD), by policy")
                .labelNames("policy")
                .callback(cb -> rejections.discards().forEach((policy, n) -> cb.call(n, policy)))
                .register(registry);
        CounterWithCallback.builder().name("mailserver_cache_requests_total")
                .help("Cache lookups by cache and result (hit, miss)")
                .labelNames("cache", "result")
                .callback(cb -> caches.forEach((name, stats) -> {
                    CacheStats s = stats.get();
                    cb.call(s.hitCount(), name, "hit");
                    cb.call(s.missCount(), name, "miss");
                }))
                .register(registry);
        GaugeWithCallback.builder().name("mailserver_queue_messages")
                .help("Messages in the outbound queue")
                .callback(cb -> {
                    QueueGauge q = queue;
                    if (q != null) {
                        cb.call(q.messages());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder().name("mailserver_queue_oldest_age_seconds")
                .help("Age of the oldest message in the outbound queue, 0 when it is empty")
                .callback(cb -> {
                    QueueGauge q = queue;
                    if (q != null) {
                        cb.call(q.oldestAgeSeconds());
                    }
                })
                .register(registry);
    }

    /** Metrics that go nowhere: for code built without the daemon. Shared; callbacks are ignored. */
    public static Metrics none() {
        return NONE;
    }

    /** The registry to serve, and for modules to register metrics of their own on ({@link #component}). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Refusals by policy, exported as {@code mailserver_smtp_rejections_total}: the filter chains
     * and the recipient checks count into this one.
     */
    public RejectionCounters rejections() {
        return rejections;
    }

    /** The children of one protocol ({@code smtp}, {@code submission}, {@code lmtp}, {@code pop3}, {@code imap}). */
    public ProtocolMetrics protocol(String protocol) {
        return protocols.computeIfAbsent(protocol, p -> new ProtocolMetrics(this, p));
    }

    /** The children of one delivery transport: {@code local}, {@code smtp} or {@code lmtp}. */
    public DeliveryMetrics delivery(String transport) {
        return transports.computeIfAbsent(transport,
                t -> new DeliveryMetrics(delivered.labelValues(t), new Latency(deliveryTime.labelValues(t))));
    }

    /** Counts and times the copies {@code target} delivers, as transport {@code local}. */
    public LocalDelivery measured(LocalDelivery target) {
        return new MeasuredDelivery(target, delivery("local"));
    }

    /** One outbound queue attempt for one recipient failed temporarily. */
    public void deferred() {
        deferred.inc();
    }

    /** The outbound queue gave up on one recipient. */
    public void bounced() {
        bounced.inc();
    }

    /** The timer of one kind of LDAP operation: {@code search}, {@code bind}. */
    public Latency ldap(String operation) {
        return ldap.computeIfAbsent(operation, o -> new Latency(ldapTime.labelValues(o)));
    }

    /** The timer of DNS queries for one purpose: {@code relay}, {@code dnsbl}, {@code spf}. */
    public Latency dns(String purpose) {
        return dns.computeIfAbsent(purpose, p -> new Latency(dnsTime.labelValues(p)));
    }

    /**
     * Exports a Caffeine cache's hits and misses (it must be built with {@code recordStats()}) under
     * {@code cache=name}. A second cache of the same name replaces the first (a rebuilt cache).
     */
    public void cache(String name, Supplier<CacheStats> stats) {
        if (callbacks) {
            caches.put(name, stats);
        }
    }

    /** Exports the outbound queue's size and age; a second queue replaces the first. */
    public void queue(QueueGauge gauge) {
        if (callbacks) {
            queue = gauge;
        }
    }

    /**
     * The metrics a module defines for itself (IMAP's commands, ...), built once per registry by
     * {@code factory} (which registers them on {@link #registry()}) and shared afterwards.
     */
    public <T> T component(Class<T> type, Function<Metrics, T> factory) {
        Object c = components.get(type);
        if (c == null) {
            c = components.computeIfAbsent(type, t -> factory.apply(this));
        }
        return type.cast(c);
    }

    /** What the queue gauges read at each scrape. Called on the HTTP server's thread: no blocking. */
    public interface QueueGauge {
        /** Messages in the queue now. */
        long messages();

        /** Age of the oldest message in seconds, 0 when there is none. */
        double oldestAgeSeconds();
    }
}
