package org.mailserver.core.filter.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The client's validated domain names (RFC 7208 5.5), for the ptr mechanism and the p macro: the
 * first 10 PTR names (4.6.4) whose A or AAAA records lead back to the client. Looked up once per
 * check, on first use, within the check's deadline.
 *
 * <p>Failures never end the check (RFC 7208 5.5): a failed PTR query means no names, a name whose
 * address query fails is skipped. Threading: as {@link CheckHost}, one thread; not thread-safe.
 */
final class PtrNames {
    /** RFC 7208 4.6.4: PTR names looked at; the rest are ignored, not an error. */
    static final int MAX_NAMES = 10;

    private final SpfDns dns;
    private final InetAddress ip;
    private final long deadline;
    private List<String> validated;

    PtrNames(SpfDns dns, InetAddress ip, long deadlineNanos) {
        this.dns = dns;
        this.ip = ip;
        this.deadline = deadlineNanos;
    }

    /** The ptr mechanism: a validated name equal to {@code domain} or under it (lower case, no trailing dot). */
    boolean inDomain(String domain) throws InterruptedException {
        for (String n : names()) {
            if (n.equals(domain) || n.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    /** The p macro (RFC 7208 7.3): {@code domain} itself, else a name under it, else any; else "unknown". */
    String preferred(String domain) throws InterruptedException {
        List<String> names = names();
        if (names.contains(domain)) {
            return domain;
        }
        for (String n : names) {
            if (n.endsWith("." + domain)) {
                return n;
            }
        }
        return names.isEmpty() ? "unknown" : names.get(0);
    }

    private List<String> names() throws InterruptedException {
        if (validated != null) {
            return validated;
        }
        validated = new ArrayList<>();
        SpfDns.Reply ptr;
        try {
            ptr = SpfDns.await(dns.send(SpfDns.name(SpfAddresses.reverseName(ip)), Type.PTR), deadline, "PTR");
        } catch (SpfError e) {
            return validated;
        }
        boolean v4 = ip instanceof Inet4Address;
        List<String> names = new ArrayList<>();
        List<CompletableFuture<SpfDns.Reply>> queries = new ArrayList<>();
        for (Record r : ptr.records().subList(0, Math.min(MAX_NAMES, ptr.records().size()))) {
            Name n = ((PTRRecord) r).getTarget();
            names.add(CheckHost.lower(n.toString(true)));
            queries.add(dns.send(n, v4 ? Type.A : Type.AAAA)); // all at once, awaited in order
        }
        byte[] client = ip.getAddress();
        for (int i = 0; i < names.size(); i++) {
            try {
                for (byte[] a : CheckHost.addressesOf(SpfDns.await(queries.get(i), deadline, "address of " + names.get(i)))) {
                    if (Arrays.equals(a, client)) {
                        validated.add(names.get(i));
                        break;
                    }
                }
            } catch (SpfError e) {
                // RFC 7208 5.5: that name is skipped
            }
        }
        return validated;
    }
}
