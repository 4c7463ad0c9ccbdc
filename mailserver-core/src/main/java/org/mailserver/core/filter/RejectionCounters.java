package org.mailserver.core.filter;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Refusals counted per policy (rejections and deferrals alike), exported as
 * {@code mailserver_smtp_rejections_total{policy="..."}}; and, apart, messages discarded per policy
 * ({@link FilterVerdict.Discard}: the client was answered 250), exported as
 * {@code mailserver_smtp_discards_total{policy="..."}}. Thread-safe.
 */
public final class RejectionCounters {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> discards = new ConcurrentHashMap<>();

    public void increment(String policy) {
        counts.computeIfAbsent(policy, p -> new LongAdder()).increment();
    }

    /** A message discarded by {@code policy}. */
    public void discarded(String policy) {
        discards.computeIfAbsent(policy, p -> new LongAdder()).increment();
    }

    /** Refusals by policy, sorted by name. */
    public Map<String, Long> snapshot() {
        return sorted(counts);
    }

    /** Discarded messages by policy, sorted by name. */
    public Map<String, Long> discards() {
        return sorted(discards);
    }

    private static Map<String, Long> sorted(ConcurrentHashMap<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
