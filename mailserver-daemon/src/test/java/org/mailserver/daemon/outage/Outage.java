package org.mailserver.daemon.outage;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The course of one outage under load, the same for every dependency: warm up (the dependency
 * answers), stop it (refused connections), replace it by a {@link BlackHole} (nothing answers: the
 * timeouts), start it again, and wait for the first exchange that shows recovery, the server
 * itself never restarted. Each phase lasts until every kind of exchange has run a few times in it.
 */
final class Outage {
    /** A step that may fail. */
    interface Step {
        void run() throws Exception;
    }

    /** A black hole put where the dependency was. */
    interface Hole {
        BlackHole open() throws Exception;
    }

    /**
     * When things happened (epoch ms): {@code stopping} when the dependency was told to stop, {@code down}
     * once it was gone, {@code hole} to
     * {@code holeEnd} the black hole, {@code up} when it was started again, {@code recovered} the end
     * of the first exchange started after {@code up} that the dependency answered.
     */
    record Timeline(long stopping, long down, long hole, long holeEnd, long up, long recovered) {
        long recoveryMillis() {
            return recovered - up;
        }

        @Override
        public String toString() {
            return "refused " + (hole - down) + " ms, black hole " + (holeEnd - hole) + " ms, recovered "
                    + recoveryMillis() + " ms after the restart";
        }
    }

    private Outage() {
    }

    static Timeline run(Load load, Step stop, Hole hole, Step start, Predicate<Exchange.Result> recovery,
                        Duration phase, String... kinds) throws Exception {
        load.awaitWithin(System.currentTimeMillis() - 60_000, 2, Duration.ZERO, Duration.ofSeconds(30), kinds);
        long stopping = System.currentTimeMillis();
        stop.run();
        long down = System.currentTimeMillis();
        load.awaitWithin(down, 3, phase, Duration.ofSeconds(30), kinds);
        long holeAt;
        try (BlackHole h = hole.open()) {
            holeAt = System.currentTimeMillis();
            load.awaitWithin(holeAt, 2, phase, Duration.ofSeconds(30), kinds);
        }
        long holeEnd = System.currentTimeMillis();
        long up = System.currentTimeMillis(); // it may answer before start() has seen it ready
        start.run();
        Exchange.Result first = load.await(up, recovery, Duration.ofSeconds(30)).orElse(null);
        if (first == null) {
            fail("no recovery within 30 s of the restart; since then: " + show(load.results().stream()
                    .filter(r -> r.start() >= up).toList()));
        }
        load.awaitWithin(first.end(), 2, Duration.ZERO, Duration.ofSeconds(20), kinds);
        return new Timeline(stopping, down, holeAt, holeEnd, up, first.end());
    }

    /** Every exchange of {@code kind} that ran wholly within [from, to] (at least {@code min} of them) is as expected. */
    static void assertWithin(List<Exchange.Result> all, String kind, long from, long to, int min,
                             Predicate<Exchange.Result> expected, String what) {
        List<Exchange.Result> in = all.stream().filter(r -> r.kind().equals(kind) && r.within(from, to)).toList();
        assertTrue(in.size() >= min, "only " + in.size() + " " + kind + " exchanges within the " + what + ": "
                + show(all));
        List<Exchange.Result> bad = in.stream().filter(expected.negate()).toList();
        assertTrue(bad.isEmpty(), kind + " during the " + what + ": " + show(bad));
    }

    /**
     * The black hole exercised the timeouts: every exchange that ran wholly while it was there (at
     * least one) waited at least {@code timeout}, and was answered anyway (see {@link #assertAnswered}).
     */
    static void assertTimedOut(List<Exchange.Result> all, Timeline t, Duration timeout) {
        List<Exchange.Result> in = all.stream().filter(r -> r.within(t.hole(), t.holeEnd())).toList();
        assertTrue(!in.isEmpty() && in.stream().allMatch(r -> r.millis() >= timeout.toMillis() - 50),
                "not held up to the timeout by the black hole: " + show(in));
    }

    /** No exchange failed at the socket (a hang past the client's timeout, a dropped connection). */
    static void assertAnswered(List<Exchange.Result> all, Duration bound) {
        List<Exchange.Result> bad = all.stream().filter(r -> r.error() != null || r.millis() > bound.toMillis()).toList();
        assertTrue(bad.isEmpty(), "unanswered or slower than " + bound + ": " + show(bad));
    }

    /** What the clients saw during the outage, for the test's output (and docs/reliability.md). */
    static String summary(List<Exchange.Result> all, Timeline t) {
        List<Exchange.Result> in = all.stream().filter(r -> r.within(t.down(), t.up())).toList();
        String replies = in.stream().collect(Collectors.groupingBy(r -> r.kind() + " " + r.step() + " "
                                + (r.reply() == null ? r.error() : brief(r.reply())), TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getValue() + "x " + e.getKey()).collect(Collectors.joining("; "));
        long slowest = in.stream().mapToLong(Exchange.Result::millis).max().orElse(0);
        return t + "; " + in.size() + " exchanges during the outage, slowest " + slowest + " ms: " + replies;
    }

    /** A reply without its queue id, cut at 40 characters. */
    private static String brief(String reply) {
        String r = reply.replaceAll(": queued as .*", "");
        return r.length() > 40 ? r.substring(0, 40) : r;
    }

    static String show(List<Exchange.Result> results) {
        return results.size() + " exchanges\n  " + results.stream().limit(40).map(Exchange.Result::toString)
                .collect(Collectors.joining("\n  "));
    }
}
