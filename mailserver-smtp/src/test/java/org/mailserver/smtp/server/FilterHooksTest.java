package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static Filter checks(String map) throws Exception {
        return new ContentChecksFilter(new ContentChecksConfig(Optional.of(RegexpMapParser.parse("header_checks",
                new StringReader(map))), Optional.empty(), Optional.empty()));
    }

    /** A message with a folded field between others, to a local user and one who forwards it (a queued copy). */
    private static final String MESSAGE = "Received: from laptop ([192.0.2.9]) by mail.remote.test with ESMTPSA;\r\n"
            + "\tMon, 7 Dec 2026 10:00:00 +0000\r\n"
            + "X-Originating-IP: [10.1.2.3]\r\n"
            + "Subject: quarterly\r\n"
            + "  numbers\r\n"
            + "From: a@remote.test\r\n"
            + "Message-ID: <m2@remote.test>\r\n"
            + "\r\n"
            + "X-Originating-IP: [10.1.2.3]\r\n"
            + "..a dot-stuffed line\r\n";

    private void sendMessage(Client c) throws Exception {
        directory.add(Fakes.user("away", "away@example.test", List.of("far@remote.test"), List.of("nolocal"), null));
        c.transcript("C: MAIL FROM:<s@remote.test>", "S: 250 2.1.0 Ok", "C: RCPT TO:<bob@example.test>",
                "S: 250 2.1.5 ...", "C: RCPT TO:<away@example.test>", "S: 250 2.1.5 ...", "C: DATA", "S: 354 ...");
        c.send(MESSAGE + ".\r\n");
    }

    /** The stored copy from its first header of the message on: what the client sent, as edited. */
    private static String asSent(String copy) {
        return copy.substring(copy.indexOf("Received: from laptop"));
    }

    @Test
    void ignoreRemovesExactlyTheMatchedFieldsFromEveryCopy() throws Exception {
        Filter f = checks("/^Received:.*with ESMTPSA/  IGNORE\n/^X-Originating-IP:/  IGNORE\n/^Subject:.*numbers/  IGNORE\n");
        try (Client c = mx(f)) {
            sendMessage(c);
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        String expected = "From: a@remote.test\r\nMessage-ID: <m2@remote.test>\r\n\r\n"
                + "X-Originating-IP: [10.1.2.3]\r\n.a dot-stuffed line\r\n";
        String local = text(store.of("bob").get(0));
        assertEquals(expected, local.substring(local.indexOf("From: a@remote.test")), local);
        assertFalse(local.contains("ESMTPSA") || local.contains("quarterly") || local.contains("10:00:00 +0000"), local);
        String relayed = text(queued().get(0).bytes());
        assertEquals(expected, relayed.substring(relayed.indexOf("From: a@remote.test")), "the queued copy too");
    }

    @Test
    void prependAndReplaceEditTheMatchedField() throws Exception {
        Filter f = checks("/^Subject: (.*)$/  REPLACE Subject: [ext] $1\n/^From:/  PREPEND X-Checked: yes\n");
        try (Client c = mx(f)) {
            sendMessage(c);
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
        }
        assertEquals(MESSAGE.replace("Subject: quarterly\r\n  numbers\r\n", "Subject: [ext] quarterly  numbers\r\n")
                .replace("From: a@remote.test", "X-Checked: yes\r\nFrom: a@remote.test")
                .replace("..a dot", ".a dot"), asSent(text(store.of("bob").get(0))));
    }

    @Test
    void discardIsAnswered250AndDeliversNothingAnywhere() throws Exception {
        Filter f = checks("/^X-Originating-IP: \\[10\\./  DISCARD internal address leaked\n");
        try (MailLogCapture log = new MailLogCapture(); Client c = mx(f)) {
            sendMessage(c);
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
            send(c, "still delivered");
            c.transcript("S: 250 2.0.0 Ok: queued as ...");
            c.transcript("C: QUIT", "S: 221 2.0.0 Bye");
            assertEquals(1, log.lines("filter: discard policy=header_checks").size());
            assertEquals(1, log.lines("text=internal address leaked").size());
            assertEquals(2, log.lines("discarded (policy header_checks)").size(), "one line per recipient");
        }
        assertEquals(1, store.of("bob").size(), "only the second message");
        assertTrue(text(store.of("bob").get(0)).contains("Subject: still delivered"));
        assertTrue(queued().isEmpty(), "no relay copy, no bounce");
        assertEquals(Map.of("header_checks", 1L), counters.discards());
        assertTrue(counters.snapshot().isEmpty(), "not counted as a rejection");
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
