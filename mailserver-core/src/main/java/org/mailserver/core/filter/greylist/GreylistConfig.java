package org.mailserver.core.filter.greylist;

import org.mailserver.core.net.Cidr;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailserver.core.config.Settings;

/**
 * {@code filter.greylist*}: the delay before a retry is accepted, how long a retry still counts,
 * how long an accepted triplet is remembered, the whitelist, and where the state lives
 * ({@code <data.dir>/state/greylist}).
 *
 * @param delay minimum time between the first attempt and an accepted retry
 * @param retryWindow how long after the first attempt a retry still counts (then it starts over)
 * @param expire how long an accepted triplet is remembered without new mail
 * @param networks client networks never greylisted
 * @param domains sender domains never greylisted (a domain also covers its subdomains)
 * @param stateFile the snapshot file
 * @param maxEntries the most triplets kept; past it the least used ones are forgotten
 */
public record GreylistConfig(Duration delay, Duration retryWindow, Duration expire, List<Cidr> networks,
                             List<String> domains, Path stateFile, int maxEntries) {
    /** About 200 bytes each: some 40 MB at most. */
    public static final int DEFAULT_MAX_ENTRIES = 200_000;

    public GreylistConfig {
        networks = List.copyOf(networks);
        domains = List.copyOf(domains);
    }

    /** The configuration, or empty when {@code filter.greylist} is false. Problems go to {@code s.problems()}. */
    public static Optional<GreylistConfig> from(Settings s) {
        if (!s.bool("filter.greylist")) {
            return Optional.empty();
        }
        Duration delay = s.duration("filter.greylist.delay");
        Duration window = s.duration("filter.greylist.retry_window");
        Duration expire = s.duration("filter.greylist.expire");
        if (window.compareTo(delay) <= 0) {
            s.problem("filter.greylist.retry_window", "a duration longer than filter.greylist.delay (" + delay + ")");
        }
        List<Cidr> networks = new ArrayList<>();
        List<String> domains = new ArrayList<>();
        for (String item : s.list("filter.greylist.whitelist")) {
            if (item.contains("/") || item.contains(":") || item.matches("[0-9.]+")) {
                try {
                    networks.add(Cidr.parse(item));
                } catch (IllegalArgumentException e) {
                    s.problem("filter.greylist.whitelist", "networks in CIDR notation or domain names (" + e.getMessage() + ")");
                }
            } else if (item.matches("\\.?[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?")) {
                String d = item.toLowerCase(Locale.ROOT);
                d = d.startsWith(".") ? d.substring(1) : d;
                domains.add(d.endsWith(".") ? d.substring(0, d.length() - 1) : d);
            } else {
                s.problem("filter.greylist.whitelist", "networks in CIDR notation or domain names (not: " + item + ")");
            }
        }
        Path dataDir = s.path("data.dir").orElse(Path.of("data").toAbsolutePath());
        return Optional.of(new GreylistConfig(delay, window, expire, networks, domains,
                dataDir.resolve("state").resolve("greylist"), DEFAULT_MAX_ENTRIES));
    }

    /** Whether a client or sender domain skips greylisting. */
    boolean whitelisted(InetAddress client, String senderDomain) {
        for (Cidr n : networks) {
            if (client != null && n.contains(client)) {
                return true;
            }
        }
        if (senderDomain != null) {
            String d = senderDomain.toLowerCase(Locale.ROOT);
            for (String w : domains) {
                if (d.equals(w) || d.endsWith("." + w)) {
                    return true;
                }
            }
        }
        return false;
    }
}
