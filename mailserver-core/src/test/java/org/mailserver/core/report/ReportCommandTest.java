package org.mailserver.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: arguments, the log from a file or standard input, exit codes, the rendered text. */
class ReportCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC);

    private int run(InputStream stdin, String... args) {
        return ReportCommand.run(args, stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    }

    private static InputStream stdin(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void todayFromStandardInputByDefault() {
        assertEquals(0, run(stdin(MailReportTest.LOG)));
        String text = out();
        assertTrue(text.startsWith("Mail report for 2026-11-23 (UTC)"), text);
        assertTrue(text.contains("Grand Totals"));
        assertTrue(text.contains("        8   received"), text);
        assertTrue(text.contains("        7   delivered"), text);
        assertTrue(text.contains("           6   to local mailboxes"), text);
        assertTrue(text.contains("        7   rejected"), text);
        assertTrue(text.contains("        4   unparsed lines"), text);
        assertTrue(text.contains("Rejections by policy"));
        assertTrue(text.contains("         2        0  rbl"), text);
        assertTrue(text.contains("         0        1  greylist"), text);
        assertTrue(text.contains("Per-Hour Traffic Summary"));
        assertTrue(text.contains("    1400-1500          4         2         3"), text);
        assertTrue(text.contains("    2300-2400          0         0         0"), text);
        assertTrue(text.contains("size=abc"), "unparsed lines are shown");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDayAndALogFile(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("mail.log");
        Files.writeString(log, MailReportTest.LOG);
        assertEquals(0, run(stdin(""), "2026-11-22", "--log", log.toString()));
        assertTrue(out().startsWith("Mail report for 2026-11-22 (UTC)"));
        assertTrue(out().contains("        1   received"), out());
        assertTrue(out().contains("    2300-2400          1         1         0"), out());
    }

    @Test
    void dashIsStandardInput() {
        assertEquals(0, run(stdin(MailReportTest.LOG), "--log", "-", "2026-11-23"));
        assertTrue(out().contains("        8   received"));
    }

    @Test
    void emptyInputGivesAnEmptyReport() {
        assertEquals(0, run(stdin("")));
        assertTrue(out().contains("        0   received"));
        assertTrue(out().contains("none"));
    }

    @Test
    void badArgumentsExitTwoWithUsage() {
        for (String[] args : new String[][] {{"2026-13-01"}, {"yesterday"}, {"--log"}, {"--verbose"},
                {"2026-11-23", "2026-11-24"}}) {
            err.reset();
            assertEquals(2, run(stdin(""), args), String.join(" ", args));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(ReportCommand.USAGE));
        }
        assertEquals("", out());
    }

    @Test
    void missingFileExitsOne(@TempDir Path dir) {
        assertEquals(1, run(stdin(""), "--log", dir.resolve("nope.log").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read"));
    }
}
