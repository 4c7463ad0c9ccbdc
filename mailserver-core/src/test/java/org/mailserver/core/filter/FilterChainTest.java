package org.mailserver.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chain's order, stops, accumulation, counting and exception handling, with small fake filters. */
class FilterChainTest {
    private final List<String> calls = new ArrayList<>();
    private final RejectionCounters counters = new RejectionCounters();

    private Filter fake(String policy, Set<Stage> stages, FilterVerdict verdict) {
        return new Filter() {
            public String policy() {
                return policy;
            }

            public Set<Stage> stages() {
                return stages;
            }

            public FilterVerdict check(Stage stage, FilterContext context) throws Exception {
                calls.add(policy + "@" + stage);
                if (verdict == null) {
                    throw new java.io.IOException("scanner went away");
                }
                return verdict;
            }
        };
    }

    private static FilterContext context() throws Exception {
        return new FilterContext(InetAddress.getByName("192.0.2.7"), "client.test", null, "a@remote.test",
                "bob@example.test", List.of(), null, "Q1");
    }

    private static Refusal refusal(int code, String policy) {
        return new Refusal(code, code >= 500 ? "5.7.1" : "4.7.1", "no (policy " + policy + ")", policy, "rule-1");
    }

    @Test
    void runsOnlyTheFiltersOfTheStageInOrder() throws Exception {
        FilterChain chain = new FilterChain(List.of(fake("a", Set.of(Stage.RCPT), FilterVerdict.CONTINUE),
                fake("b", Set.of(Stage.MAIL), FilterVerdict.CONTINUE),
                fake("c", Set.of(Stage.RCPT, Stage.MAIL), FilterVerdict.CONTINUE)), counters);
        assertEquals(FilterVerdict.CONTINUE, chain.run(Stage.RCPT, context()));
        assertEquals(List.of("a@RCPT", "c@RCPT"), calls);
        assertTrue(counters.snapshot().isEmpty());
    }

    @Test
    void aRejectionStopsTheStageAndIsCountedUnderItsPolicy() throws Exception {
        FilterVerdict reject = new FilterVerdict.Reject(refusal(554, "rbl"));
        FilterChain chain = new FilterChain(List.of(fake("first", Set.of(Stage.RCPT), FilterVerdict.CONTINUE),
                fake("rbl", Set.of(Stage.RCPT), reject), fake("later", Set.of(Stage.RCPT), FilterVerdict.CONTINUE)), counters);
        assertEquals(reject, chain.run(Stage.RCPT, context()));
        assertEquals(List.of("first@RCPT", "rbl@RCPT"), calls);
        assertEquals(Map.of("rbl", 1L), counters.snapshot());
    }

    @Test
    void aDeferralStopsTheStageAndIsCounted() throws Exception {
        FilterVerdict defer = new FilterVerdict.Defer(refusal(451, "greylist"));
        FilterChain chain = new FilterChain(List.of(fake("greylist", Set.of(Stage.RCPT), defer),
                fake("later", Set.of(Stage.RCPT), new FilterVerdict.Reject(refusal(550, "x")))), counters);
        assertEquals(defer, chain.run(Stage.RCPT, context()));
        assertEquals(Map.of("greylist", 1L), counters.snapshot());
    }

    @Test
    void anAcceptStopsTheStageWithoutCounting() throws Exception {
        FilterVerdict accept = new FilterVerdict.Accept("whitelist", "192.0.2.0/24");
        FilterChain chain = new FilterChain(List.of(fake("whitelist", Set.of(Stage.RCPT), accept),
                fake("rbl", Set.of(Stage.RCPT), new FilterVerdict.Reject(refusal(554, "rbl")))), counters);
        assertEquals(accept, chain.run(Stage.RCPT, context()));
        assertEquals(List.of("whitelist@RCPT"), calls);
        assertTrue(counters.snapshot().isEmpty());
    }

    @Test
    void addedHeadersAccumulateAcrossFilters() throws Exception {
        FilterChain chain = new FilterChain(List.of(
                fake("spam", Set.of(Stage.DATA), new FilterVerdict.AddHeaders(List.of("X-Spam-Score: 1.2", "X-Spam-Status: No"))),
                fake("date", Set.of(Stage.DATA), FilterVerdict.CONTINUE),
                fake("spf", Set.of(Stage.DATA), new FilterVerdict.AddHeaders(List.of("Received-SPF: pass")))), counters);
        assertEquals(new FilterVerdict.AddHeaders(List.of("X-Spam-Score: 1.2", "X-Spam-Status: No", "Received-SPF: pass")),
                chain.run(Stage.DATA, context()));
    }

    @Test
    void editsAccumulateWithTheAddedLines() throws Exception {
        HeaderEdit forged = new HeaderEdit(HeaderEdit.Kind.DELETE, "Authentication-Results: mx; spf=pass", null);
        HeaderEdit tag = new HeaderEdit(HeaderEdit.Kind.PREPEND, "From: a@b.test", "X-Tag: 1");
        FilterChain chain = new FilterChain(List.of(
                fake("spf", Set.of(Stage.DATA), new FilterVerdict.AddHeaders(List.of("Received-SPF: pass"), List.of(forged))),
                fake("header_checks", Set.of(Stage.DATA), FilterVerdict.AddHeaders.edits(List.of(tag)))), counters);
        assertEquals(new FilterVerdict.AddHeaders(List.of("Received-SPF: pass"), List.of(forged, tag)),
                chain.run(Stage.DATA, context()));
    }

    @Test
    void aDiscardStopsTheStageAndIsCountedApartFromRefusals() throws Exception {
        FilterVerdict discard = new FilterVerdict.Discard("header_checks", "m:1 /^X-Spam-Flag: YES/ DISCARD", null);
        FilterChain chain = new FilterChain(List.of(
                fake("spf", Set.of(Stage.DATA), new FilterVerdict.AddHeaders(List.of("Received-SPF: pass"))),
                fake("header_checks", Set.of(Stage.DATA), discard),
                fake("virus", Set.of(Stage.DATA), new FilterVerdict.Reject(refusal(554, "virus")))), counters);
        assertEquals(discard, chain.run(Stage.DATA, context()));
        assertEquals(List.of("spf@DATA", "header_checks@DATA"), calls);
        assertEquals(Map.of("header_checks", 1L), counters.discards());
        assertTrue(counters.snapshot().isEmpty(), "a discard is no refusal: the client was answered 250");
    }

    @Test
    void aRefusalAfterAddedHeadersWins() throws Exception {
        FilterVerdict reject = new FilterVerdict.Reject(refusal(554, "virus"));
        FilterChain chain = new FilterChain(List.of(
                fake("spam", Set.of(Stage.DATA), new FilterVerdict.AddHeaders(List.of("X-Spam-Score: 1.2"))),
                fake("virus", Set.of(Stage.DATA), reject)), counters);
        assertEquals(reject, chain.run(Stage.DATA, context()));
    }

    @Test
    void aFilterThatThrowsDefersNamingItsPolicy() throws Exception {
        FilterChain chain = new FilterChain(List.of(fake("clamd", Set.of(Stage.DATA), null),
                fake("later", Set.of(Stage.DATA), FilterVerdict.CONTINUE)), counters);
        FilterVerdict v = chain.run(Stage.DATA, context());
        Refusal r = assertInstanceOf(FilterVerdict.Defer.class, v).refusal();
        assertEquals(451, r.code());
        assertEquals("4.7.1", r.status());
        assertTrue(r.text().endsWith("(policy clamd: temporary failure)"), r.text());
        assertEquals(List.of("clamd@DATA"), calls, "the stage stops at the deferral");
        assertEquals(Map.of("clamd", 1L), counters.snapshot());
    }

    @Test
    void tellsWhichStagesHaveFilters() {
        FilterChain chain = new FilterChain(List.of(fake("a", Set.of(Stage.CONNECT), FilterVerdict.CONTINUE),
                fake("b", Set.of(Stage.DATA, Stage.RCPT), FilterVerdict.CONTINUE)), new RejectionCounters());
        org.junit.jupiter.api.Assertions.assertTrue(chain.runsAt(Stage.CONNECT));
        org.junit.jupiter.api.Assertions.assertTrue(chain.runsAt(Stage.RCPT));
        org.junit.jupiter.api.Assertions.assertTrue(chain.runsAt(Stage.DATA));
        org.junit.jupiter.api.Assertions.assertFalse(chain.runsAt(Stage.HELO));
        org.junit.jupiter.api.Assertions.assertFalse(chain.runsAt(Stage.MAIL));
        org.junit.jupiter.api.Assertions.assertFalse(FilterChain.empty().runsAt(Stage.CONNECT));
    }
}
