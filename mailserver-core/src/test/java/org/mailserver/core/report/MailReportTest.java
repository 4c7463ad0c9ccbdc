package org.mailserver.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A day of mail log in the shapes MailLog, FilterChain, DataHandler, SmtpDeliveryStep and the queue
 * write (copied from test runs), with every number of the report checked.
 */
class MailReportTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    static final String LOG = String.join("\n",
            // the day before, and the day after: skipped
            "2026-11-22T23:59:59.900Z INFO  [blocking-1] mail: smtp: id=OLD1 from=<a@remote.test> to=<bob@example.test> size=10 result=delivered (1795445703.M1P1.mx,S=10,W=10) delay=0.010s",
            // 08h: one message to two local recipients, a DNSBL refusal at RCPT (filter line and session line),
            // relay denied and unknown user (session lines only)
            "2026-11-23T08:00:01.000Z INFO  [multiThreadIoEventLoopGroup-2-1] mail: smtp: connect client=127.0.0.1:48154",
            "2026-11-23T08:00:01.100Z INFO  [multiThreadIoEventLoopGroup-2-1] mail: smtp: mail client=127.0.0.1:48154 id=A1 from=<someone@remote.test>",
            "2026-11-23T08:00:02.000Z INFO  [blocking-10] mail: smtp: id=A1 from=<someone@remote.test> to=<bob@example.test> size=278 result=delivered (1795445703.M689853P28271.mx.example.test,S=507,W=507) delay=0.024s",
            "2026-11-23T08:00:02.001Z INFO  [blocking-10] mail: smtp: id=A1 from=<someone@remote.test> to=<carol@example.test> size=278 result=delivered (1795445703.M689854P28271.mx.example.test,S=507,W=507) delay=0.025s",
            "2026-11-23T08:00:02.010Z INFO  [multiThreadIoEventLoopGroup-2-1] mail: smtp: disconnect client=127.0.0.1:48154",
            "2026-11-23T08:10:00.000Z INFO  [blocking-3] mail: filter: reject policy=rbl rule=zen.spamhaus.org stage=RCPT client=[192.0.2.9] helo=<spam.test> from=<x@spam.test> to=<bob@example.test> id=A2 reply=554 5.7.1 Service unavailable; client [192.0.2.9] blocked using zen.spamhaus.org",
            "2026-11-23T08:10:00.001Z INFO  [multiThreadIoEventLoopGroup-2-2] mail: smtp: reject client=192.0.2.9:5555 id=A2 to=<bob@example.test> 554 5.7.1 Service unavailable; client [192.0.2.9] blocked using zen.spamhaus.org",
            "2026-11-23T08:20:00.000Z INFO  [multiThreadIoEventLoopGroup-2-2] mail: smtp: reject client=127.0.0.1:48164 id=A3 to=<victim@elsewhere.test> 554 5.7.1 <victim@elsewhere.test>: Relay access denied",
            "2026-11-23T08:30:00.000Z INFO  [multiThreadIoEventLoopGroup-2-3] mail: smtp: reject client=198.51.100.7:1234 id=A4 to=<nobody@example.test> 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown",
            // 09h: relayed, deferred twice, then sent; greylisting at RCPT
            "2026-11-23T09:05:00.000Z INFO  [blocking-2] mail: smtp: id=B1 from=<alice@example.test> to=<far@remote.test> size=26 result=queued (relay) delay=0.067s",
            "2026-11-23T09:05:01.000Z INFO  [queue-1] mail: smtp: id=B1 from=<alice@example.test> to=<far@remote.test> size=177 result=deferred (451 4.4.1 connect to 127.0.0.1[127.0.0.1]:1: Connection refused) delay=0.241s",
            "2026-11-23T09:15:00.000Z INFO  [queue-2] mail: smtp: id=B1 from=<alice@example.test> to=<far@remote.test> size=177 result=deferred (451 4.4.1 connect to 127.0.0.1[127.0.0.1]:1: Connection refused) delay=600.000s",
            "2026-11-23T09:45:00.000Z INFO  [queue-1] mail: smtp: id=B1 from=<alice@example.test> to=<far@remote.test> size=177 result=sent (250 2.0.0 Ok: queued as XYZ) delay=2400.000s",
            "2026-11-23T09:50:00.000Z INFO  [blocking-4] mail: filter: defer policy=greylist rule=triplet stage=RCPT client=[203.0.113.5] helo=<mx.remote.test> from=<s@remote.test> to=<bob@example.test> id=B2 reply=451 4.7.1 Greylisted, try again later",
            "2026-11-23T09:50:00.001Z INFO  [multiThreadIoEventLoopGroup-2-4] mail: smtp: reject client=203.0.113.5:40000 id=B2 to=<bob@example.test> 451 4.7.1 Greylisted, try again later",
            // 10h: what is not a mail log line, and mail log lines that are broken
            "2026-11-23T10:00:00.000Z INFO  [main] o.m.daemon.Main: started in 1.2s",
            "2026-11-23T10:00:00.500Z ERROR [blocking-1] o.m.smtp.server.SmtpSession: oops",
            "java.io.IOException: broken pipe",
            "\tat org.mailserver.smtp.server.SmtpSession.reply(SmtpSession.java:200)",
            "",
            "2026-11-23T10:01:00.000Z INFO  [blocking-1] mail: smtp: id=X1 from=<a@b> to=<c@d> size=abc result=delivered (x) delay=0.100s",
            "2026-11-23T10:02:00.000Z INFO  [blocking-1] mail: gibberish without a protocol",
            "2026-11-23T10:03:00.000Z INFO  [blocking-1] mail: smtp: id=X2 from=<a@b> to=<c@d> size=1 result=teleported (x) delay=0.100s",
            "2026-13-45T10:00:00.000Z INFO  [blocking-1] mail: smtp: connect client=192.0.2.1:5",
            // 14h: header_checks at DATA (filter line, then one refused line per recipient), a size refusal,
            // LMTP delivery, a relayed message that bounces and its DSN, a forward with a vacation reply,
            // a message queued for retry, a DNSBL refusal at connect
            "2026-11-23T14:00:00.000Z INFO  [blocking-5] mail: filter: reject policy=header_checks rule=/^Subject: .*viagra/ stage=DATA client=[198.51.100.8] helo=<h> from=<s@remote.test> id=C1 reply=550 5.7.1 Subject rejected by policy (policy header_checks)",
            "2026-11-23T14:00:00.001Z INFO  [blocking-5] mail: smtp: id=C1 from=<s@remote.test> to=<bob@example.test> size=68 result=refused (550 5.7.1 Subject rejected by policy (policy header_checks)) delay=0.038s",
            "2026-11-23T14:00:00.002Z INFO  [blocking-5] mail: smtp: id=C1 from=<s@remote.test> to=<carol@example.test> size=68 result=refused (550 5.7.1 Subject rejected by policy (policy header_checks)) delay=0.038s",
            "2026-11-23T14:10:00.000Z INFO  [multiThreadIoEventLoopGroup-2-1] mail: lmtp: id=C2 from=<> to=<bob@example.test> size=2002 result=refused (552 5.3.4 Message size exceeds fixed limit) delay=0.048s",
            "2026-11-23T14:20:00.000Z INFO  [blocking-2] mail: lmtp: id=C3 from=<sender@remote.test> to=<bob@example.test> size=97 result=delivered (1795445703.M504017P28271.mx.example.test,S=315,W=315) delay=0.083s",
            "2026-11-23T14:25:00.000Z INFO  [blocking-2] mail: smtp: id=C4 from=<alice@example.test> to=<nobody@remote.test> size=100 result=queued (relay) delay=0.010s",
            "2026-11-23T14:30:00.000Z INFO  [queue-1] mail: smtp: id=C4 from=<alice@example.test> to=<nobody@remote.test> size=100 result=bounced (550 5.1.1 <nobody@remote.test>: no such user here) delay=0.249s",
            "2026-11-23T14:30:00.500Z INFO  [queue-3] mail: local: id=C4-S from=<> to=<alice@example.test> size=1530 result=sent (250 2.0.0 delivered to mailbox 1795446853.M391063P12752.mx.example.test,S=1547,W=1547) delay=0.246s",
            "2026-11-23T14:40:00.000Z INFO  [blocking-2] mail: smtp: id=C5 from=<s@remote.test> to=<away@example.test> size=60 result=forwarded (deliveryMode nolocal) delay=0.008s",
            "2026-11-23T14:40:00.001Z INFO  [blocking-2] mail: smtp: id=C5 from=<vac@example.test> to=<s@remote.test> size=0 result=auto-reply queued as C6 delay=0.013s",
            "2026-11-23T14:41:00.000Z INFO  [blocking-2] mail: smtp: id=C7 from=<s@remote.test> to=<bob@example.test> size=60 result=queued for retry (TemporaryFailure[diskFull=false, detail=disk broken]) as C7 delay=0.006s",
            "2026-11-23T14:50:00.000Z INFO  [blocking-6] mail: filter: reject policy=rbl rule=bl.example stage=CONNECT client=[198.51.100.9] reply=554 5.7.1 Service unavailable; client [198.51.100.9] blocked using bl.example",
            "2026-11-23T14:50:00.001Z INFO  [multiThreadIoEventLoopGroup-2-1] mail: smtp: reject client=198.51.100.9:22 at connect: 554 5.7.1 Service unavailable; client [198.51.100.9] blocked using bl.example",
            // 15h through journald's short format; 16h written with an offset (17:30+01:00 is 16:30Z)
            "Nov 23 15:00:00 mx mailserver[1234]: 2026-11-23T15:00:00.000Z INFO  [blocking-3] mail: smtp: id=D1 from=<a@remote.test> to=<bob@example.test> size=5 result=delivered (n) delay=0.001s",
            "2026-11-23T17:30:00.000+01:00 INFO  [blocking-3] mail: smtp: id=D2 from=<a@remote.test> to=<bob@example.test> size=5 result=delivered (n) delay=0.001s",
            // 23h: lines the report does not count
            "2026-11-23T23:30:00.000Z INFO  [multiThreadIoEventLoopGroup-2-1] mail: smtp: auth client=127.0.0.1:46968 user=bob mechanism=PLAIN result=ok",
            "2026-11-23T23:59:59.999Z INFO  [multiThreadIoEventLoopGroup-2-4] mail: pop3: login client=127.0.0.1:48028 user=bob method=USER messages=1",
            "2026-11-24T00:00:00.001Z INFO  [blocking-1] mail: smtp: id=NEW1 from=<a@remote.test> to=<bob@example.test> size=10 result=delivered (n) delay=0.010s");

    @Test
    void countsEveryKindOfLineOfTheDay() throws IOException {
        MailReport r = MailReport.read(new StringReader(LOG), DAY);

        assertEquals(8, r.received(), "A1 B1 C3 C4 C5 C7 D1 D2");
        assertEquals(7, r.delivered());
        assertEquals(6, r.deliveredLocal(), "A1 twice, C3, the DSN C4-S, D1, D2");
        assertEquals(1, r.deliveredRemote(), "B1");
        assertEquals(3, r.queued(), "B1 C4 C7");
        assertEquals(1, r.forwarded());
        assertEquals(2, r.deferred());
        assertEquals(1, r.bounced());
        assertEquals(3, r.refused(), "two recipients of C1, one of C2");
        assertEquals(7, r.rejected());
        assertEquals(1, r.rejectedTemporarily());
        assertEquals(4, r.unparsed());
        assertEquals(2, r.otherDays());

        Map<String, long[]> p = r.rejectionsByPolicy();
        assertEquals(List.of("greylist", "header_checks", "message_size", "rbl", "relay_denied", "unknown_user"),
                List.copyOf(p.keySet()));
        assertArrayEquals(new long[] {0, 1}, p.get("greylist"));
        assertArrayEquals(new long[] {1, 0}, p.get("header_checks"), "once per message, not per recipient");
        assertArrayEquals(new long[] {1, 0}, p.get("message_size"));
        assertArrayEquals(new long[] {2, 0}, p.get("rbl"), "the session's own reject lines are not counted again");
        assertArrayEquals(new long[] {1, 0}, p.get("relay_denied"));
        assertArrayEquals(new long[] {1, 0}, p.get("unknown_user"));

        long[] received = new long[24];
        long[] delivered = new long[24];
        long[] rejected = new long[24];
        received[8] = 1;
        received[9] = 1;
        received[14] = 4;
        received[15] = 1;
        received[16] = 1;
        delivered[8] = 2;
        delivered[9] = 1;
        delivered[14] = 2;
        delivered[15] = 1;
        delivered[16] = 1;
        rejected[8] = 3;
        rejected[9] = 1;
        rejected[14] = 3;
        for (int h = 0; h < 24; h++) {
            assertEquals(received[h], r.receivedInHour(h), "received at " + h);
            assertEquals(delivered[h], r.deliveredInHour(h), "delivered at " + h);
            assertEquals(rejected[h], r.rejectedInHour(h), "rejected at " + h);
        }
        assertEquals(4, r.unparsedSamples().size());
        assertTrue(r.unparsedSamples().get(0).contains("size=abc"));
    }

    @Test
    void anotherDayCountsOnlyItsOwnLines() throws IOException {
        MailReport r = MailReport.read(new StringReader(LOG), DAY.minusDays(1));
        assertEquals(1, r.received(), "OLD1");
        assertEquals(1, r.delivered());
        assertEquals(0, r.rejected());
        assertEquals(1, r.receivedInHour(23));
        assertEquals(1, r.unparsed(), "the line whose date cannot be read is shown on every day");
    }

    @Test
    void aDiscardedMessageIsReceivedNeitherDeliveredNorRejected() throws IOException {
        String log = "2026-11-23T09:00:00.000Z INFO  [blocking-1] mail: filter: discard policy=header_checks"
                + " rule=m:1 /^X-Spam-Flag: YES/ DISCARD stage=DATA client=[192.0.2.7] from=<s@remote.test> id= text=x\n"
                + "2026-11-23T09:00:00.001Z INFO  [blocking-1] mail: smtp: id=D1 from=<s@remote.test> to=<bob@example.test>"
                + " size=68 result=discarded (policy header_checks) delay=0.010s\n"
                + "2026-11-23T09:00:00.002Z INFO  [blocking-1] mail: smtp: id=D1 from=<s@remote.test> to=<erin@example.test>"
                + " size=68 result=discarded (policy header_checks) delay=0.010s\n";
        MailReport r = MailReport.read(new StringReader(log), DAY);
        assertEquals(1, r.received());
        assertEquals(2, r.discarded());
        assertEquals(0, r.delivered());
        assertEquals(0, r.rejected());
        assertEquals(0, r.unparsed());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ReportRenderer.render(r, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("discarded (recipients)"));
    }

    @Test
    void nothingButGarbage() throws IOException {
        String garbage = "\u0000\u0001binary\n mail: \n[ mail: x\nmail: smtp: id=\n2026-11-23T08:00:00Z INFO  [t] mail: \n"
                + "2026-11-23T08:00:00Z INFO  [t] mail: smtp: id=\n"
                + "2026-11-23T08:00:00Z INFO  [t] mail: filter: reject policy=\n"
                + "2026-11-23T08:00:00Z INFO  [t] mail: smtp: reject client=1.2.3.4:5 whatever\n"
                + "x".repeat(100_000) + " mail: " + "y".repeat(100_000);
        MailReport r = MailReport.read(new StringReader(garbage), DAY);
        assertEquals(0, r.received());
        assertEquals(0, r.rejected());
        assertEquals(4, r.unparsed(), "empty body, broken delivery, broken filter line, broken reject line");
    }
}
