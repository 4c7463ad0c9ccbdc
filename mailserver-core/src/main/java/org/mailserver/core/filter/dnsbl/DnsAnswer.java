package org.mailserver.core.filter.dnsbl;

import java.net.InetAddress;
import java.util.List;

/**
 * A cached DNSBL answer: the A records (or TXT strings) found, empty for NXDOMAIN or no data, and
 * how long the answer may be kept (RFC 1035 3.2.1 TTL; RFC 2308 5 for a negative answer). A failed
 * lookup has a {@code failure} and a TTL of 0, so it is never served from the cache.
 */
record DnsAnswer(List<InetAddress> addresses, List<String> texts, long ttlSeconds, String failure) {
    DnsAnswer(List<InetAddress> addresses, List<String> texts, long ttlSeconds) {
        this(addresses, texts, ttlSeconds, null);
    }

    static DnsAnswer failed(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return new DnsAnswer(List.of(), List.of(), 0, c.getClass().getSimpleName() + ": " + c.getMessage());
    }

    DnsAnswer {
        addresses = List.copyOf(addresses);
        texts = List.copyOf(texts);
    }
}
