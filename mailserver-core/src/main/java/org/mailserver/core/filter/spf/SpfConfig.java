package org.mailserver.core.filter.spf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.mailserver.core.config.ServerConfig;
import org.mailserver.core.config.Settings;
import org.mailserver.core.net.Cidr;

/**
 * {@code filter.spf*}, with the settings of other concerns the SPF filter needs: the host name, the
 * trusted networks and the DNS servers.
 *
 * @param rejectFail {@code filter.spf.reject_fail}: a fail is refused with 550 5.7.23 (RFC 7372)
 * @param deferTemperror {@code filter.spf.defer_temperror}: a temperror is deferred with 451 4.7.24
 * @param timeout {@code filter.spf.timeout}: the most the checks of one MAIL command wait for the DNS
 * @param receiver {@code server.hostname}: receiver= of Received-SPF, the authserv-id of Authentication-Results
 * @param trustedNetworks {@code smtp.trusted_networks}: clients that are not checked
 * @param dnsServers {@code dns.servers}: the resolvers; empty for the system's
 */
public record SpfConfig(boolean rejectFail, boolean deferTemperror, Duration timeout, String receiver,
                        List<Cidr> trustedNetworks, List<InetSocketAddress> dnsServers) {
    public SpfConfig {
        trustedNetworks = List.copyOf(trustedNetworks);
        dnsServers = List.copyOf(dnsServers);
    }

    /** The configuration, or empty when {@code filter.spf} is false. Problems go to {@code s.problems()}. */
    public static Optional<SpfConfig> from(Settings s) {
        if (!s.bool("filter.spf")) {
            return Optional.empty();
        }
        boolean reject = s.bool("filter.spf.reject_fail");
        boolean defer = s.bool("filter.spf.defer_temperror");
        Duration timeout = s.duration("filter.spf.timeout");
        if (timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            s.problem("filter.spf.timeout", "a duration above 0 and at most 1m");
        }
        String receiver = s.string("server.hostname").strip();
        if (receiver.isEmpty()) {
            receiver = ServerConfig.localHostName(); // as ServerConfig does for greetings and Received:
        }
        // both keys are validated (and reported) where they belong, by the relay settings
        List<Cidr> trusted = new ArrayList<>();
        for (String n : s.list("smtp.trusted_networks")) {
            try {
                trusted.add(Cidr.parse(n));
            } catch (IllegalArgumentException e) {
                // reported with smtp.trusted_networks
            }
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (Settings.HostPort hp : once(s, () -> s.hostPorts("dns.servers"))) {
            servers.add(new InetSocketAddress(hp.host(), hp.port()));
        }
        return Optional.of(new SpfConfig(reject, defer, timeout, receiver, trusted, servers));
    }

    /** Whether {@code client} is in a trusted network, and so not checked. */
    public boolean trusted(InetAddress client) {
        return Cidr.anyContains(trustedNetworks, client);
    }

    /** Reads a value another concern reads too, dropping a problem that is already reported. */
    private static <T> T once(Settings s, Supplier<T> read) {
        int before = s.problems().size();
        T value = read.get();
        List<String> added = new ArrayList<>(s.problems().subList(before, s.problems().size()));
        s.problems().subList(before, s.problems().size()).clear();
        for (String p : added) {
            if (!s.problems().contains(p)) {
                s.problems().add(p);
            }
        }
        return value;
    }
}
