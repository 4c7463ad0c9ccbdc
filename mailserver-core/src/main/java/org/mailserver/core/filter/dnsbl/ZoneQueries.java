package org.mailserver.core.filter.dnsbl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks every zone at once and waits for them together under one deadline: the slowest zone costs
 * its time once, not once per zone. Used by both filters from the blocking executor.
 */
final class ZoneQueries {
    /** A zone's query: the zone and the name asked under it. */
    record Query(DnsblZone zone, String qname) {
    }

    /** A zone that lists the client or domain: the matching reply and the zone's TXT reason, if any. */
    record Listing(DnsblZone zone, InetAddress reply, String text) {
    }

    /** The listings found and the zones that failed or did not answer in time (never a listing). */
    record Outcome(List<Listing> listed, List<String> failures) {
    }

    private ZoneQueries() {
    }

    static Outcome run(DnsblLookup lookup, List<Query> queries) throws InterruptedException {
        long end = System.nanoTime() + lookup.deadline().toNanos();
        List<CompletableFuture<DnsAnswer>> answers = new ArrayList<>();
        for (Query q : queries) {
            answers.add(lookup.lookup(q.qname()));
        }
        awaitAll(answers, end);
        List<Listing> listed = new ArrayList<>();
        List<Query> listedQueries = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            CompletableFuture<DnsAnswer> f = answers.get(i);
            if (!f.isDone()) {
                failures.add(q.qname() + ": no answer within " + lookup.deadline().toMillis() + " ms");
            } else if (f.isCompletedExceptionally() || f.join().failure() != null) {
                failures.add(q.qname() + ": " + (f.isCompletedExceptionally() ? cause(f) : f.join().failure()));
            } else {
                for (InetAddress a : f.join().addresses()) {
                    if (q.zone().filter().matches(a)) {
                        listed.add(new Listing(q.zone(), a, null));
                        listedQueries.add(q);
                        break;
                    }
                }
            }
        }
        // RFC 5782 2.1: the TXT record of a listed name says why; asked only once listed, and only
        // waited for until the same deadline, so a missing reason never delays the reply further.
        if (!listed.isEmpty()) {
            List<CompletableFuture<DnsAnswer>> texts = new ArrayList<>();
            for (Query q : listedQueries) {
                texts.add(lookup.lookupText(q.qname()));
            }
            awaitAll(texts, end);
            for (int i = 0; i < listed.size(); i++) {
                CompletableFuture<DnsAnswer> t = texts.get(i);
                if (t.isDone() && !t.isCompletedExceptionally() && !t.join().texts().isEmpty()) {
                    Listing l = listed.get(i);
                    listed.set(i, new Listing(l.zone(), l.reply(), printable(t.join().texts().get(0))));
                }
            }
        }
        return new Outcome(List.copyOf(listed), List.copyOf(failures));
    }

    private static void awaitAll(List<CompletableFuture<DnsAnswer>> futures, long endNanos) throws InterruptedException {
        long left = endNanos - System.nanoTime();
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // each future is looked at on its own by the caller
        }
    }

    private static String cause(CompletableFuture<DnsAnswer> f) {
        try {
            f.join();
            return "";
        } catch (RuntimeException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            return c.getClass().getSimpleName() + ": " + c.getMessage();
        }
    }

    /** A zone's TXT text made safe for a reply line: printable ASCII, at most 200 characters. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString().strip();
    }
}
