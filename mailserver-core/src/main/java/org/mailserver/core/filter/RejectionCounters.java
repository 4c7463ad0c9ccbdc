package org.mailserver.core.filter;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refusals counted per policy and kind ({@code reject}, {@code defer}); exported as
 * {@code mailserver_smtp_rejections_total{policy="..."}}. Thread-safe.
 */
public final class RejectionCounters {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void increment(String policy) {
        counts.computeIfAbsent(policy, p -> new LongAdder()).increment();
    }

    /** Counts by policy, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
