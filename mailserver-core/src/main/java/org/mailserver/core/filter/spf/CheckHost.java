package org.mailserver.core.filter.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * One run of check_host() (RFC 7208 4-6) with its budget: at most 10 terms that query the DNS and 2
 * void lookups across all include and redirect levels (4.6.4), and one deadline for every query.
 *
 * <p>Threading: one instance per check, used by one blocking-executor thread; not thread-safe.
 * Failures: DNS errors and the deadline give temperror, syntax errors and exceeded limits permerror
 * (both end the whole check, however deep the include); see {@link SpfError}.
 */
final class CheckHost {
    /** RFC 7208 4.6.4: terms that cause DNS queries, over all levels. */
    static final int MAX_LOOKUPS = 10;
    /** RFC 7208 4.6.4: lookups answering NXDOMAIN or no records. */
    static final int MAX_VOID_LOOKUPS = 2;
    /** RFC 7208 4.6.4: MX hosts per mx mechanism. */
    static final int MAX_MX = 10;

    /** Where one (possibly nested) check_host() ended: the deciding record supplies exp= for a fail. */
    private record Eval(SpfResult result, String mechanism, SpfRecord record, String domain) {
    }

    private final SpfDns dns;
    private final InetAddress ip;
    private final byte[] ipBytes;
    private final boolean v4;
    private final String sender;
    private final String localPart;
    private final String senderDomain;
    private final String helo;
    private final String receiver;
    private final long deadline;
    private int lookups;
    private int voids;
    private final PtrNames ptrNames;

    /**
     * @param sender {@code <sender>}: a mailbox, or a bare domain (RFC 7208 4.3: then postmaster is its local part)
     * @param deadlineNanos the {@link System#nanoTime} by which every query must be answered
     */
    CheckHost(SpfDns dns, InetAddress ip, String sender, String helo, String receiver, long deadlineNanos) {
        this.dns = dns;
        this.ip = SpfAddresses.normalize(ip);
        this.ipBytes = this.ip.getAddress();
        this.v4 = this.ip instanceof Inet4Address;
        int at = sender.lastIndexOf('@');
        this.localPart = at <= 0 ? "postmaster" : sender.substring(0, at);
        this.senderDomain = sender.substring(at + 1);
        this.sender = localPart + "@" + senderDomain;
        this.helo = helo == null ? "unknown" : helo;
        this.receiver = receiver;
        this.deadline = deadlineNanos;
        this.ptrNames = new PtrNames(dns, this.ip, deadlineNanos);
    }

    /** check_host(ip, domain, sender) to its end, errors included. */
    SpfOutcome run(String domain, SpfOutcome.Identity identity) throws InterruptedException {
        try {
            Eval e = check(domain);
            String exp = e.result() == SpfResult.FAIL ? explanation(e) : null;
            return new SpfOutcome(e.result(), identity, sender, domain, e.mechanism(), null, exp);
        } catch (SpfError err) {
            return new SpfOutcome(err.result(), identity, sender, domain, null, err.getMessage(), null);
        }
    }

    private Eval check(String domain) throws SpfError, InterruptedException {
        if (!validDomain(domain)) {
            return new Eval(SpfResult.NONE, null, null, domain); // RFC 7208 4.3
        }
        SpfRecord rec = record(domain);
        if (rec == null) {
            return new Eval(SpfResult.NONE, null, null, domain);
        }
        for (SpfRecord.Directive d : rec.directives()) {
            if (matches(d.mechanism(), domain)) {
                return new Eval(SpfResult.ofQualifier(d.qualifier()), d.text(), rec, domain); // RFC 7208 4.6.2
            }
        }
        if (rec.redirect() != null) {
            // RFC 7208 6.1: only when no mechanism matched; the target's result (and exp=) replaces ours
            countLookup();
            String target = rec.redirect().expandDomain(values(domain));
            Eval r = check(target);
            if (r.result() == SpfResult.NONE) {
                throw SpfError.perm("redirect=" + target + ": no SPF record");
            }
            return r;
        }
        return new Eval(SpfResult.NEUTRAL, "default", rec, domain); // RFC 7208 4.7
    }

    /** RFC 7208 4.3: a multi-label domain name, no empty or over-long labels, not an address literal. */
    static boolean validDomain(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty() || d.length() > MacroString.MAX_NAME || d.indexOf('.') < 0 || d.startsWith("[")) {
            return false;
        }
        for (String label : d.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !label.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                return false;
            }
        }
        return !d.substring(d.lastIndexOf('.') + 1).chars().allMatch(Character::isDigit); // an IP address
    }

    /** RFC 7208 4.4 and 4.5: the domain's one v=spf1 TXT record, null for none. */
    private SpfRecord record(String domain) throws SpfError, InterruptedException {
        Name name = SpfDns.name(domain);
        if (name == null) {
            return null;
        }
        List<String> found = new ArrayList<>();
        for (Record r : SpfDns.await(dns.send(name, Type.TXT), deadline, "TXT " + domain).records()) {
            String txt = text((TXTRecord) r);
            if (SpfRecordParser.isSpf1(txt)) {
                found.add(txt);
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            throw SpfError.perm("more than one v=spf1 record for " + domain);
        }
        String txt = found.get(0);
        if (!txt.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw SpfError.perm("SPF record of " + domain + " has characters other than printable ASCII"); // RFC 7208 3, 4.6.1
        }
        return SpfRecordParser.parse(txt);
    }

    /** RFC 7208 3.3: the character-strings of one TXT record are joined without spaces. */
    private static String text(TXTRecord r) {
        StringBuilder b = new StringBuilder();
        for (byte[] s : r.getStringsAsByteArrays()) {
            b.append(new String(s, StandardCharsets.ISO_8859_1));
        }
        return b.toString();
    }

    private boolean matches(SpfRecord.Mechanism m, String domain) throws SpfError, InterruptedException {
        if (m instanceof SpfRecord.All) {
            return true;
        }
        if (m instanceof SpfRecord.Ip4 n) {
            return v4 && SpfAddresses.inNetwork(ipBytes, n.network(), n.prefix());
        }
        if (m instanceof SpfRecord.Ip6 n) {
            return !v4 && SpfAddresses.inNetwork(ipBytes, n.network(), n.prefix());
        }
        countLookup(); // RFC 7208 4.6.4: include, a, mx, ptr and exists query the DNS
        if (m instanceof SpfRecord.Include inc) {
            String target = inc.domain().expandDomain(values(domain));
            // RFC 7208 5.2: pass matches; fail, softfail and neutral do not; none is a permerror
            SpfResult r = check(target).result();
            if (r == SpfResult.NONE) {
                throw SpfError.perm("include:" + target + ": no SPF record");
            }
            return r == SpfResult.PASS;
        }
        if (m instanceof SpfRecord.A a) {
            String target = a.domain() == null ? domain : a.domain().expandDomain(values(domain));
            return inNetworks(addresses(target), a.cidr4(), a.cidr6());
        }
        if (m instanceof SpfRecord.Mx mx) {
            return mx(mx.domain() == null ? domain : mx.domain().expandDomain(values(domain)), mx.cidr4(), mx.cidr6());
        }
        if (m instanceof SpfRecord.Ptr p) {
            String target = lower(p.domain() == null ? domain : p.domain().expandDomain(values(domain)));
            return ptrNames.inDomain(target);
        }
        String target = ((SpfRecord.Exists) m).domain().expandDomain(values(domain));
        Name name = SpfDns.name(target);
        if (name == null) {
            return false;
        }
        // RFC 7208 5.7: always an A query, whatever the client's address family
        SpfDns.Reply r = SpfDns.await(dns.send(name, Type.A), deadline, "A " + target);
        countVoid(r);
        return !r.records().isEmpty();
    }

    /** RFC 7208 5.4: the MX hosts' addresses; more than 10 MX records is a permerror (4.6.4). */
    private boolean mx(String target, int cidr4, int cidr6) throws SpfError, InterruptedException {
        Name name = SpfDns.name(target);
        if (name == null) {
            return false;
        }
        SpfDns.Reply r = SpfDns.await(dns.send(name, Type.MX), deadline, "MX " + target);
        countVoid(r);
        if (r.records().size() > MAX_MX) {
            throw SpfError.perm("more than " + MAX_MX + " MX records for " + target);
        }
        List<CompletableFuture<SpfDns.Reply>> queries = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (Record rec : r.records()) {
            Name host = ((MXRecord) rec).getTarget();
            if (!host.equals(Name.root)) { // RFC 7505: a null MX names no host
                queries.add(dns.send(host, v4 ? Type.A : Type.AAAA));
                hosts.add(host.toString(true));
            }
        }
        for (int i = 0; i < queries.size(); i++) {
            if (inNetworks(addressesOf(SpfDns.await(queries.get(i), deadline, "address of MX " + hosts.get(i))), cidr4, cidr6)) {
                return true;
            }
        }
        return false;
    }

    /** The target's A (IPv4 client) or AAAA (IPv6 client) addresses (RFC 7208 5). */
    private List<byte[]> addresses(String target) throws SpfError, InterruptedException {
        Name name = SpfDns.name(target);
        if (name == null) {
            return List.of();
        }
        SpfDns.Reply r = SpfDns.await(dns.send(name, v4 ? Type.A : Type.AAAA), deadline, (v4 ? "A " : "AAAA ") + target);
        countVoid(r);
        return addressesOf(r);
    }

    static List<byte[]> addressesOf(SpfDns.Reply r) {
        List<byte[]> out = new ArrayList<>();
        for (Record rec : r.records()) {
            out.add(rec instanceof ARecord a ? a.getAddress().getAddress() : ((AAAARecord) rec).getAddress().getAddress());
        }
        return out;
    }

    private boolean inNetworks(List<byte[]> addresses, int cidr4, int cidr6) {
        for (byte[] a : addresses) {
            if (SpfAddresses.inNetwork(ipBytes, a, v4 ? cidr4 : cidr6)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 7208 6.2: the exp= text of the deciding record; any problem means no explanation. */
    private String explanation(Eval e) throws InterruptedException {
        if (e.record() == null || e.record().explanation() == null) {
            return null;
        }
        try {
            String target = e.record().explanation().expandDomain(values(e.domain()));
            Name name = SpfDns.name(target);
            if (name == null) {
                return null;
            }
            List<Record> txt = SpfDns.await(dns.send(name, Type.TXT), deadline, "TXT " + target).records();
            if (txt.size() != 1) {
                return null;
            }
            String s = text((TXTRecord) txt.get(0));
            return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? MacroString.explanation(s).expand(values(e.domain())) : null;
        } catch (SpfError err) {
            return null;
        }
    }

    /** The macro letters' values (RFC 7208 7.2) while evaluating {@code domain}'s record. */
    private MacroString.Values values(String domain) {
        return letter -> switch (letter) {
            case 's' -> sender;
            case 'l' -> localPart;
            case 'o' -> senderDomain;
            case 'd' -> domain;
            case 'i' -> SpfAddresses.dotted(ip);
            case 'p' -> ptrNames.preferred(lower(domain));
            case 'v' -> v4 ? "in-addr" : "ip6";
            case 'h' -> helo;
            case 'c' -> SpfAddresses.readable(ip);
            case 'r' -> receiver;
            case 't' -> Long.toString(Instant.now().getEpochSecond());
            default -> "";
        };
    }

    private void countLookup() throws SpfError {
        if (++lookups > MAX_LOOKUPS) {
            throw SpfError.perm("more than " + MAX_LOOKUPS + " DNS-querying terms");
        }
    }

    private void countVoid(SpfDns.Reply r) throws SpfError {
        if (r.isVoid() && ++voids > MAX_VOID_LOOKUPS) {
            throw SpfError.perm("more than " + MAX_VOID_LOOKUPS + " void DNS lookups");
        }
    }

    static String lower(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.endsWith(".") ? l.substring(0, l.length() - 1) : l;
    }
}
