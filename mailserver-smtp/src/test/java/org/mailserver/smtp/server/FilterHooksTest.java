package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailserver.core.filter.Filter;
import org.mailserver.core.filter.FilterChain;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.RejectionCounters;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.filter.content.ContentChecksConfig;
import org.mailserver.core.filter.content.ContentChecksFilter;
import org.mailserver.core.filter.maps.RegexpMapParser;

/** The filter chain behind the SMTP hooks, as transcripts: refusals with the map's text, added headers in the copy. */
class FilterHooksTest extends SmtpTestBase {
    private final RejectionCounters counters = new RejectionCounters();

    private Client mx(Filter... filters) throws Exception {
        server = new TestServer(directory, store, queue, config(), SmtpRole.MX, Duration.ofMinutes(5),
                new FilterHooks(new FilterChain(List.of(filters), counters)));
        Client c = new Client(server.port());
        c.transcript("S: 220 mx.example.test ESMTP ready", "C: HELO client.example", "S: 250 mx.example.test");
        return c;
    }

    private static Filter headerChecks() throws Exception {
        return new ContentChecksFilter(new ContentChecksConfig(Optional.of(RegexpMapParser.parse("header_checks",
                new StringReader("/^Subject:.*\\bcheap pills\\b/     REJECT 5.7.1 Subject rejected by policy\n"))),
                Optional.empty(), Optional.empty()));
    }

    private static Filter fixed(String policy, Stage stage, FilterVerdict v) {
        return new Filter() {
            public String policy() {
                return policy;
            }

            public Set<Stage> stages() {
                return Set.of(stage);
            }

            public FilterVerdict check(Stage s, FilterContext c) {
                return v;
            }
        };
    }

    private static void send(Client c, String subject) throws Exception {
        c.transcript("C: MAIL FROM:<s@remote.test>", "S: 250 2.1.0 Ok", "C: RCPT TO:<bob@example.test>",
                "S: 250 2.1.5 ...", "C: DATA", "S: 354 ...");
        c.send("Subject: " + subject + "\r\nMessage-ID: <m1@remote.test>\r\n\r\nbody\r\n.\r\n");
    }

    @Test
    void aHeaderChecksRejectAtTheEndOfDataIs550WithTheMapText() throws Exception {
        try (Client c = mx(headerChecks())) {
            send(c, "buy cheap pills now");
            c.transcript("S: 550 5.7.1 Subject rejected by policy (policy header_checks)");
            send(c, "hello");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        assertEquals(1, store.of("bob").size(), "only the clean message is stored");
        assertEquals(Map.of("header_checks", 1L), counters.snapshot());
    }

    @Test
    void addedHeadersReachTheStoredCopyBelowTheTraceHeaders() throws Exception {
        Filter spam = fixed("spam", Stage.DATA, new FilterVerdict.AddHeaders(List.of("X-Spam-Score: 1.5",
                "X-Spam-Status: No, score=1.5")));
        try (Client c = mx(headerChecks(), spam)) {
            send(c, "hello");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        String copy = text(store.of("bob").get(0));
        int received = copy.indexOf("Received: ");
        int score = copy.indexOf("X-Spam-Score: 1.5\r\nX-Spam-Status: No, score=1.5\r\n");
        int subject = copy.indexOf("Subject: hello");
        assertTrue(received >= 0 && score > received && subject > score, copy);
    }

    @Test
    void earlyStagesAnswerWithTheRefusalsReply() throws Exception {
        Filter grey = fixed("greylist", Stage.RCPT, new FilterVerdict.Defer(new Refusal(451, "4.7.1",
                "Greylisted, try again later (policy greylist)", "greylist", "triplet")));
        Filter rbl = fixed("rhsbl", Stage.MAIL, new FilterVerdict.Reject(new Refusal(554, "5.7.1",
                "Sender address rejected: domain listed by dbl.test (policy rhsbl)", "rhsbl", "dbl.test")));
        try (Client c = mx(grey)) {
            c.transcript("C: MAIL FROM:<s@remote.test>", "S: 250 2.1.0 Ok", "C: RCPT TO:<bob@example.test>",
                    "S: 451 4.7.1 Greylisted, try again later (policy greylist)");
        }
        try (Client c = mx(rbl)) {
            c.transcript("C: MAIL FROM:<s@spam.test>",
                    "S: 554 5.7.1 Sender address rejected: domain listed by dbl.test (policy rhsbl)");
        }
    }
}
