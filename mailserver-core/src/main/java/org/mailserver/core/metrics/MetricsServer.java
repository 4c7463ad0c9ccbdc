package org.mailserver.core.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@link Metrics} at {@code http://<metrics.listen>/metrics} with Prometheus' own Java
 * client (its exposition format and HTTP server rather than hand-written text), together with the
 * JVM's memory, GC and threads. The HTTP server runs on its own threads, not the mail event loops;
 * the metrics' callbacks run there at each scrape.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** Starts serving {@code metrics} and the JVM's on {@code host:port}; once per {@link Metrics}. */
    public static MetricsServer start(String host, int port, Metrics metrics) throws IOException {
        JvmMetrics.builder().register(metrics.registry());
        HTTPServer server = HTTPServer.builder().hostname(host).port(port).registry(metrics.registry())
                .buildAndStart();
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
