package org.mailserver.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code mailserver report [day] [--log FILE]}: the daily summary of the mail log. The day is
 * {@code YYYY-MM-DD} in UTC, today by default; the log is read from FILE, or from standard input when
 * FILE is {@code -} or absent (so {@code journalctl -u mailserver -o cat | mailserver report}).
 * Exit status: 0 done, 1 the log could not be read, 2 bad arguments.
 */
public final class ReportCommand {
    static final String USAGE = "usage: mailserver report [YYYY-MM-DD] [--log FILE|-]";

    private ReportCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return run(args, stdin, out, err, Clock.systemUTC());
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Clock clock) {
        LocalDate day = null;
        String log = "-";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--log")) {
                if (i + 1 >= args.length) {
                    return usage(err, "--log needs a file name or -");
                }
                log = args[++i];
            } else if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            } else if (day == null && !a.startsWith("-")) {
                try {
                    day = LocalDate.parse(a);
                } catch (DateTimeParseException e) {
                    return usage(err, "not a day (YYYY-MM-DD): " + a);
                }
            } else {
                return usage(err, "unexpected argument: " + a);
            }
        }
        if (day == null) {
            day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        }
        MailReport report;
        try {
            if (log.equals("-")) {
                // not closed: standard input belongs to the caller
                report = MailReport.read(new InputStreamReader(stdin, StandardCharsets.UTF_8), day);
            } else {
                try (Reader r = new InputStreamReader(Files.newInputStream(Path.of(log)), StandardCharsets.UTF_8)) {
                    report = MailReport.read(r, day);
                }
            }
        } catch (IOException | RuntimeException e) {
            err.println("mailserver report: cannot read " + (log.equals("-") ? "standard input" : log) + ": " + e);
            return 1;
        }
        ReportRenderer.render(report, out);
        out.flush();
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("mailserver report: " + problem);
        err.println(USAGE);
        return 2;
    }
}
