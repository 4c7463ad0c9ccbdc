package org.mailserver.core.metrics;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * One histogram child bound to its labels. Timing costs two {@link System#nanoTime()} calls and no
 * allocation: {@code long t = System.nanoTime(); ... latency.observeSince(t);}. Thread-safe.
 */
public final class Latency {
    private static final double NANOS_PER_SECOND = 1e9;
    private final DistributionDataPoint histogram;

    Latency(DistributionDataPoint histogram) {
        this.histogram = histogram;
    }

    /** Records the time elapsed since {@code startNanos}, a value of {@link System#nanoTime()}. */
    public void observeSince(long startNanos) {
        histogram.observe((System.nanoTime() - startNanos) / NANOS_PER_SECOND);
    }
}
