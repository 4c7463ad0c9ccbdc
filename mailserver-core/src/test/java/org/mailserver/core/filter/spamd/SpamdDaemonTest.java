package org.mailserver.core.filter.spamd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.testing.ScannerDaemon;
import org.mailserver.core.testing.TestMessageSource;

/** SpamdFilter against a real SpamAssassin spamd started by the test on a free loopback port. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpamdDaemonTest {
    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    @TempDir
    static Path dir;
    static ScannerDaemon spamd;

    @BeforeAll
    static void start() throws Exception {
        Path binary = ScannerDaemon.require("spamd", "spamd");
        // as ../shared/acceptance/daemons.py starts it; loading the rules may take tens of seconds
        spamd = ScannerDaemon.start("spamd", dir, Duration.ofSeconds(120), port -> List.of(binary.toString(),
                "--listen", "127.0.0.1:" + port, "-u", "nobody", "--max-children", "2",
                "--pidfile", dir.resolve("spamd.pid").toString()));
    }

    @AfterAll
    static void stop() {
        if (spamd != null) {
            spamd.close();
        }
    }

    private static MessageSource message(String subject, String body) {
        return TestMessageSource.of("From: Alice <alice@example.test>\nTo: bob@example.test\nSubject: " + subject
                + "\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nMessage-ID: <" + subject + ".1@example.test>\n\n" + body + "\n");
    }

    private static SpamdFilter filter(double tag, double reject, boolean defer) {
        return new SpamdFilter(new SpamdConfig("127.0.0.1", spamd.port(), tag, reject, 524288, Duration.ofSeconds(60), defer));
    }

    @Test
    @Order(1)
    void gtubeIsRejected() throws Exception {
        FilterVerdict v = filter(5, 15, true).check(Stage.DATA, SpamdFilterTest.data(message("gtube", GTUBE), null));
        FilterVerdict.Reject r = assertInstanceOf(FilterVerdict.Reject.class, v, () -> v + "\n" + spamd.logTail());
        assertEquals(550, r.refusal().code());
        assertTrue(r.refusal().text().matches("Message rejected as spam \\(policy spam, score \\d+\\.\\d\\)"), r.refusal().text());
        assertTrue(r.refusal().rule().contains("GTUBE"), r.refusal().rule());
    }

    @Test
    @Order(2)
    void cleanMessageGetsHeadersWithALowScore() throws Exception {
        FilterVerdict v = filter(5, 15, true).check(Stage.DATA,
                SpamdFilterTest.data(message("lunch", "Shall we meet for lunch on Tuesday at noon?\nAlice"), null));
        FilterVerdict.AddHeaders h = assertInstanceOf(FilterVerdict.AddHeaders.class, v, () -> v + "\n" + spamd.logTail());
        assertEquals(2, h.lines().size(), h.lines().toString());
        assertTrue(h.lines().get(0).matches("X-Spam-Score: -?\\d+\\.\\d"), h.lines().get(0));
        double score = Double.parseDouble(h.lines().get(0).substring("X-Spam-Score: ".length()));
        assertTrue(score < 5, "score " + score);
        assertTrue(h.lines().get(1).startsWith("X-Spam-Status: No, score=" + SpamdFilter.format(score) + " required=5.0"),
                h.lines().get(1));
    }

    @Test
    @Order(3)
    void gtubeUnderAHighRejectScoreIsFlagged() throws Exception {
        FilterVerdict v = filter(5, 10_000, true).check(Stage.DATA, SpamdFilterTest.data(message("gtube2", GTUBE), null));
        FilterVerdict.AddHeaders h = assertInstanceOf(FilterVerdict.AddHeaders.class, v);
        assertTrue(h.lines().get(1).startsWith("X-Spam-Status: Yes, score="), h.lines().get(1));
        assertEquals("X-Spam-Flag: YES", h.lines().get(2));
    }

    @Test
    @Order(4)
    void authenticatedSubmissionIsNotScored() throws Exception {
        assertEquals(FilterVerdict.CONTINUE,
                filter(5, 15, true).check(Stage.DATA, SpamdFilterTest.data(message("gtube3", GTUBE), "alice")));
    }

    @Test
    @Order(100)
    void stoppedSpamdDefersOrContinues() throws Exception {
        spamd.close();
        MessageSource m = message("while-down", GTUBE);
        FilterVerdict.Defer d = assertInstanceOf(FilterVerdict.Defer.class,
                filter(5, 15, true).check(Stage.DATA, SpamdFilterTest.data(m, null)));
        assertEquals("4.7.1", d.refusal().status());
        assertTrue(d.refusal().text().endsWith("(policy spam: scanner unavailable)"), d.refusal().text());
        assertEquals(FilterVerdict.CONTINUE, filter(5, 15, false).check(Stage.DATA, SpamdFilterTest.data(m, null)));
    }
}
