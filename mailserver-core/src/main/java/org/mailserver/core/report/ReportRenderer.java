package org.mailserver.core.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link MailReport} as text, in the layout of pflogsumm's summary. */
public final class ReportRenderer {
    private ReportRenderer() {
    }

    public static void render(MailReport r, PrintStream out) {
        out.printf(Locale.ROOT, "Mail report for %s (UTC)%n%n", r.day());
        heading(out, "Grand Totals");
        out.printf(Locale.ROOT, "messages%n%n");
        total(out, r.received(), "received");
        total(out, r.delivered(), "delivered");
        sub(out, r.deliveredLocal(), "to local mailboxes");
        sub(out, r.deliveredRemote(), "to remote hosts");
        total(out, r.forwarded(), "forwarded");
        total(out, r.queued(), "queued");
        total(out, r.deferred(), "deferred (recipient attempts)");
        total(out, r.bounced(), "bounced");
        total(out, r.rejected(), "rejected");
        sub(out, r.rejectedTemporarily(), "of which temporarily (4xx)");
        total(out, r.refused(), "refused after data (recipients)");
        if (r.discarded() > 0) {
            total(out, r.discarded(), "discarded (recipients)");
        }
        total(out, r.unparsed(), "unparsed lines");
        out.println();

        heading(out, "Rejections by policy");
        Map<String, long[]> policies = r.rejectionsByPolicy();
        if (policies.isEmpty()) {
            out.printf(Locale.ROOT, "none%n");
        } else {
            out.printf(Locale.ROOT, "  %8s %8s  %s%n", "reject", "defer", "policy");
            policies.forEach((policy, c) -> out.printf(Locale.ROOT, "  %8d %8d  %s%n", c[0], c[1], policy));
        }
        out.println();

        heading(out, "Per-Hour Traffic Summary");
        out.printf(Locale.ROOT, "    %-10s %9s %9s %9s%n", "time", "received", "delivered", "rejected");
        for (int h = 0; h < 24; h++) {
            out.printf(Locale.ROOT, "    %02d00-%02d00  %9d %9d %9d%n", h, h + 1,
                    r.receivedInHour(h), r.deliveredInHour(h), r.rejectedInHour(h));
        }
        if (r.unparsed() > 0) {
            out.println();
            heading(out, "Unparsed lines (first " + r.unparsedSamples().size() + ")");
            r.unparsedSamples().forEach(out::println);
        }
    }

    private static void heading(PrintStream out, String title) {
        out.println(title);
        out.println("-".repeat(title.length()));
    }

    private static void total(PrintStream out, long n, String what) {
        out.printf(Locale.ROOT, "%9d   %s%n", n, what);
    }

    private static void sub(PrintStream out, long n, String what) {
        out.printf(Locale.ROOT, "%12d   %s%n", n, what);
    }
}
