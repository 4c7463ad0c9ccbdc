package org.mailserver.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * 200,000 lines produced on demand by a Reader, so neither the test nor the report ever holds the log:
 * a report that kept lines would show it in its counts' cost, not here, but one that needed the whole
 * input (a String, a List of lines) could not be written against a Reader of this kind.
 */
class MailReportStreamingTest {
    private static final int MESSAGES = 50_000; // four lines each

    @Test
    void twoHundredThousandLinesStreamed() throws IOException {
        LocalDate day = LocalDate.of(2026, 11, 23);
        MailReport r = MailReport.read(new GeneratedLog(day), day);
        assertEquals(4L * MESSAGES, r.mailLines());
        assertEquals(45_000, r.received());
        assertEquals(45_000, r.delivered());
        assertEquals(5_000, r.rejected());
        assertEquals(5_000, r.rejectionsByPolicy().get("rbl")[0]);
        assertEquals(0, r.unparsed());
        long perHour = 0;
        for (int h = 0; h < 24; h++) {
            perHour += r.receivedInHour(h);
        }
        assertEquals(45_000, perHour);
    }

    /** A day of traffic spread evenly over 24 hours; every tenth client is refused by a DNSBL at RCPT. */
    private static final class GeneratedLog extends Reader {
        private final Instant start;
        private int message;
        private String pending = "";
        private int pos;

        GeneratedLog(LocalDate day) {
            this.start = day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
        }

        @Override
        public int read(char[] buf, int off, int len) {
            if (pos == pending.length()) {
                if (message == MESSAGES) {
                    return -1;
                }
                pending = next(message++);
                pos = 0;
            }
            int n = Math.min(len, pending.length() - pos);
            pending.getChars(pos, pos + n, buf, off);
            pos += n;
            return n;
        }

        private String next(int i) {
            String t = start.plus(Duration.ofMillis(i * (86_400_000L / MESSAGES))).toString();
            String id = "G" + Integer.toString(i, 36).toUpperCase();
            String client = "client=192.0.2." + (i % 250) + ":" + (1024 + i % 60000);
            StringBuilder b = new StringBuilder(800);
            b.append(t).append(" INFO  [loop-1] mail: smtp: connect ").append(client).append('\n');
            if (i % 10 == 0) {
                b.append(t).append(" INFO  [blocking-1] mail: filter: reject policy=rbl rule=zen stage=RCPT client=[192.0.2.")
                        .append(i % 250).append("] from=<x@spam.test> to=<u").append(i).append("@example.test> id=").append(id)
                        .append(" reply=554 5.7.1 blocked using zen\n");
                b.append(t).append(" INFO  [loop-1] mail: smtp: reject ").append(client).append(" id=").append(id)
                        .append(" to=<u").append(i).append("@example.test> 554 5.7.1 blocked using zen\n");
            } else {
                b.append(t).append(" INFO  [loop-1] mail: smtp: mail ").append(client).append(" id=").append(id)
                        .append(" from=<s@remote.test>\n");
                b.append(t).append(" INFO  [blocking-1] mail: smtp: id=").append(id)
                        .append(" from=<s@remote.test> to=<u").append(i).append("@example.test> size=1234 result=delivered (")
                        .append(i).append(".M1P1.mx,S=1234,W=1234) delay=0.010s\n");
            }
            b.append(t).append(" INFO  [loop-1] mail: smtp: disconnect ").append(client).append('\n');
            return b.toString();
        }

        @Override
        public void close() {
        }
    }
}
