package org.mailserver.core.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/** The counter and timer of one delivery transport ({@link Metrics#delivery}). Thread-safe. */
public final class DeliveryMetrics {
    private final CounterDataPoint delivered;
    private final Latency time;

    DeliveryMetrics(CounterDataPoint delivered, Latency time) {
        this.delivered = delivered;
        this.time = time;
    }

    /** One recipient's copy was delivered (durable in a Maildir, or accepted by the next server). */
    public void delivered() {
        delivered.inc();
    }

    /** The time one delivery took, successful or not. */
    public Latency time() {
        return time;
    }
}
