package org.mailserver.core.dns;

import java.net.InetAddress;
import java.util.List;

/** What an MX lookup for a mail domain found (RFC 5321 5.1). */
public sealed interface MxResult {

    /** One host to try, in order: MX preference first, then the host's addresses. */
    record Host(String name, int preference, List<InetAddress> addresses) {
        public Host {
            addresses = List.copyOf(addresses);
        }
    }

    /** The hosts to try in order (MX hosts sorted by preference, or the domain itself when it has no MX). */
    record Hosts(List<Host> hosts) implements MxResult {
        public Hosts {
            hosts = List.copyOf(hosts);
        }
    }

    /** A null MX ({@code MX 0 .}, RFC 7505): the domain accepts no mail; bounce with 556 5.1.10. */
    record NullMx() implements MxResult {
    }

    /** The domain does not exist (NXDOMAIN) or has neither MX nor address records: bounce. */
    record NoSuchDomain(String detail) implements MxResult {
    }

    /** SERVFAIL, a timeout or a network error: try again later. */
    record TemporaryFailure(String detail) implements MxResult {
    }
}
