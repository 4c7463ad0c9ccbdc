package org.mailserver.core.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import org.mailserver.core.filter.RejectionCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Prometheus metrics at {@code http://<metrics.listen>/metrics} with Prometheus' own Java
 * client (its exposition format and HTTP server rather than hand-written text): the SMTP rejections
 * per policy, {@code mailserver_smtp_rejections_total{policy="..."}}, and the JVM's memory, GC and
 * threads. The HTTP server runs on its own threads, not the mail event loops.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** Starts serving on {@code host:port}. */
    public static MetricsServer start(String host, int port, RejectionCounters rejections) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        CounterWithCallback.builder()
                .name("mailserver_smtp_rejections_total")
                .help("SMTP steps refused by the filter chain (5xx and 4xx), by policy")
                .labelNames("policy")
                .callback(cb -> rejections.snapshot().forEach((policy, n) -> cb.call(n, policy)))
                .register(registry);
        JvmMetrics.builder().register(registry);
        HTTPServer server = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
        LOG.info("metrics: http://{}:{}/metrics", host, server.getPort());
        return new MetricsServer(server);
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
