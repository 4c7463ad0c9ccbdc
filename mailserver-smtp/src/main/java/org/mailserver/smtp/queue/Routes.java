package org.mailserver.smtp.queue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.dns.MxResult;

/**
 * Turns a next hop into the addresses to try, in order (RFC 5321 5.1), or into a reason to
 * bounce or wait. Blocks on DNS; runs on a queue thread.
 */
final class Routes {

    /** One address to connect to, with the host name it came from (SNI, Remote-MTA). */
    record Target(InetSocketAddress address, String name) {
    }

    /** Addresses to try, or the outcome for every recipient when there are none. */
    record Route(List<Target> targets, Outcome failure) {
    }

    private Routes() {
    }

    static Route resolve(QueueManager q, NextHop hop, String domain, String protocol) {
        String host = hop.host().isEmpty() ? domain : hop.host();
        if (!hop.mxLookup()) {
            try {
                List<Target> t = new ArrayList<>();
                for (InetAddress a : addresses(q, host)) {
                    t.add(new Target(new InetSocketAddress(a, hop.port()), host));
                }
                if (t.isEmpty()) {
                    return new Route(List.of(), Outcome.defer(protocol, "4.4.4", "no address for " + host));
                }
                return new Route(t, null);
            } catch (IOException e) {
                return new Route(List.of(), Outcome.defer(protocol, "4.4.3", "lookup of " + host + ": " + e.getMessage()));
            }
        }
        MxResult mx = q.dns.lookupMx(host);
        if (mx instanceof MxResult.NullMx) {
            // RFC 7505 4.1 and RFC 7504 3.1: 556 5.1.10
            return new Route(List.of(), Outcome.bounce(protocol, 556, "5.1.10",
                    "Recipient address rejected: " + host + " does not accept mail (null MX)"));
        }
        if (mx instanceof MxResult.NoSuchDomain n) {
            return new Route(List.of(), Outcome.bounce(protocol, 550, "5.1.2", n.detail()));
        }
        if (mx instanceof MxResult.TemporaryFailure f) {
            return new Route(List.of(), Outcome.defer(protocol, "4.4.3", f.detail()));
        }
        List<Target> t = new ArrayList<>();
        for (MxResult.Host h : ((MxResult.Hosts) mx).hosts()) {
            for (InetAddress a : h.addresses()) {
                t.add(new Target(new InetSocketAddress(a, hop.port()), h.name()));
            }
        }
        return new Route(t, null);
    }

    private static List<InetAddress> addresses(QueueManager q, String host) throws IOException {
        if (host.matches("[0-9.]+") || host.contains(":")) { // an address literal: no lookup
            return List.of(InetAddress.getByName(host));
        }
        return q.dns.addresses(host);
    }
}
