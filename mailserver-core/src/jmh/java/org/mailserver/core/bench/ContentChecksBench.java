package org.mailserver.core.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.filter.content.ContentChecksConfig;
import org.mailserver.core.filter.content.ContentChecksFilter;
import org.mailserver.core.filter.content.DateCheckConfig;
import org.mailserver.core.filter.content.DateFilter;
import org.mailserver.core.filter.maps.RegexpMapParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The end-of-data content steps of the filter-cost benchmark (docs/benchmarks.md), one message at a
 * time: {@code header_checks} with {@code conf/header_checks.sample}, the Date check, and for scale a
 * bare walk of the message with Mime4j's token stream. Two 4 KiB messages: {@code plain}, the one
 * {@code bench/LmtpLoad.java} sends (8 headers, text/plain), and {@code multipart}, a text part and
 * a base64 PDF attachment. {@code bodyChecks} adds a body_checks map of three anchored lines.
 *
 * <p>Run with {@code scripts/bench-filters --jmh} (from the repository root, where the map lives).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Thread)
public class ContentChecksBench {
    private static final String BODY_CHECKS = """
            /^<iframe src=(3D)?cid:.* height=(3D)?0 width=(3D)?0>$/ REJECT IFRAME vulnerability exploit
            /^TVqQAAMAAAAEAAAA/ REJECT 5.7.0 Windows executable
            /^begin 644 .*\\.(exe|scr|pif)$/ REJECT uuencoded executable
            """;
    private static final MimeConfig MIME = new MimeConfig.Builder()
            .setMaxLineLen(1024 * 1024).setMaxHeaderLen(1024 * 1024).setMaxHeaderCount(-1).setMaxContentLen(-1).build();

    @Param({"plain", "multipart"})
    public String message;

    private ContentChecksFilter headerChecks;
    private ContentChecksFilter headerAndBodyChecks;
    private DateFilter date;
    private FilterContext context;
    private byte[] bytes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path sample = Path.of(System.getProperty("bench.map", "conf/header_checks.sample"));
        ContentChecksConfig headers = new ContentChecksConfig(Optional.of(RegexpMapParser.parse(sample)),
                Optional.empty(), Optional.empty());
        headerChecks = new ContentChecksFilter(headers);
        headerAndBodyChecks = new ContentChecksFilter(new ContentChecksConfig(headers.headerChecks(), Optional.empty(),
                Optional.of(RegexpMapParser.parse("body_checks", new java.io.StringReader(BODY_CHECKS)))));
        date = new DateFilter(new DateCheckConfig(Duration.ofDays(30), Duration.ofDays(1)), Clock.systemUTC());
        bytes = (message.equals("plain") ? plain() : multipart()).getBytes(StandardCharsets.US_ASCII);
        MessageSource source = new MessageSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
        context = new FilterContext(InetAddress.getLoopbackAddress(), "bench.example.test", null,
                "bench-0@bench.example.test", null, List.of(), source, "4XyZbench");
        if (headerChecks.check(Stage.DATA, context) != FilterVerdict.CONTINUE
                || headerAndBodyChecks.check(Stage.DATA, context) != FilterVerdict.CONTINUE
                || date.check(Stage.DATA, context) != FilterVerdict.CONTINUE) {
            throw new IllegalStateException("the benchmark messages must pass every check");
        }
    }

    @Benchmark
    public FilterVerdict headerChecks() throws Exception {
        return headerChecks.check(Stage.DATA, context);
    }

    @Benchmark
    public FilterVerdict headerAndBodyChecks() throws Exception {
        return headerAndBodyChecks.check(Stage.DATA, context);
    }

    @Benchmark
    public FilterVerdict dateCheck() throws Exception {
        return date.check(Stage.DATA, context);
    }

    /** For scale: Mime4j's token stream over the whole message, fields and bodies skipped. */
    @Benchmark
    public int mime4jWalk() throws Exception {
        MimeTokenStream ts = new MimeTokenStream(MIME);
        int n = 0;
        try (InputStream in = context.message().open()) {
            ts.parse(in);
            for (EntityState st = ts.getState(); st != EntityState.T_END_OF_STREAM; st = ts.next()) {
                n++;
            }
        }
        return n;
    }

    /** The message of bench/LmtpLoad.java: 4096 octets, 8 header fields, a text/plain body. */
    static String plain() {
        StringBuilder m = new StringBuilder(4096);
        m.append("Return-Path: <bench-0@bench.example.test>\r\n")
                .append("From: Bench <bench-0@bench.example.test>\r\n")
                .append("To: <user1@example.test>\r\n")
                .append("Subject: benchmark message 12345\r\n")
                .append("Message-ID: <12345.987654321012@bench.example.test>\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n")
                .append("\r\n");
        return fill(m, "The quick brown fox jumps over the lazy dog, benchmark line of text 0123", 4096);
    }

    /** 4096 octets: a typical MUA's header, a text part and a base64 PDF attachment. */
    static String multipart() {
        StringBuilder m = new StringBuilder(4096);
        m.append("Return-Path: <alice@example.org>\r\n")
                .append("Received: from mail.example.org (mail.example.org [192.0.2.10])\r\n")
                .append("\tby mx.example.test with ESMTPS id 4XyZ1 for <bob@example.test>;\r\n")
                .append("\tMon, 23 Nov 2026 14:00:00 +0000\r\n")
                .append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1;\r\n")
                .append("\th=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n")
                .append("\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSwganVzdCBhIGJlbmNobWFyayBmaWxsZXI=\r\n")
                .append("From: Alice <alice@example.org>\r\n")
                .append("To: Bob <bob@example.test>\r\n")
                .append("Subject: =?UTF-8?Q?Rechnung_f=C3=BCr_November?=\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\r\n")
                .append("Message-ID: <20261123140000.1234@example.org>\r\n")
                .append("User-Agent: Mozilla Thunderbird\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/mixed; boundary=\"------------b0undary\"\r\n")
                .append("\r\n")
                .append("This is a multi-part message in MIME format.\r\n")
                .append("--------------b0undary\r\n")
                .append("Content-Type: text/plain; charset=UTF-8; format=flowed\r\n")
                .append("Content-Transfer-Encoding: 7bit\r\n")
                .append("\r\n");
        for (int i = 0; i < 6; i++) {
            m.append("Hello Bob, please find the invoice for November attached. Regards, Alice\r\n");
        }
        m.append("\r\n--------------b0undary\r\n")
                .append("Content-Type: application/pdf; name=\"invoice-2026-11.pdf\"\r\n")
                .append("Content-Disposition: attachment; filename=\"invoice-2026-11.pdf\"\r\n")
                .append("Content-Transfer-Encoding: base64\r\n")
                .append("\r\n");
        String end = "--------------b0undary--\r\n";
        byte[] pdf = new byte[4096];
        new java.util.Random(1).nextBytes(pdf);
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pdf);
        int room = 4096 - m.length() - end.length(); // lines of 76 + CRLF, then one that fills up
        int full = room / 78;
        int last = room % 78;
        if (last > 0 && last <= 2) {
            full--;
            last += 78;
        }
        m.append(b64, 0, full * 78);
        if (last > 0) {
            m.append(b64, 0, last - 2).append("\r\n");
        }
        return m.append(end).toString();
    }

    private static String fill(StringBuilder m, String line, int size) {
        while (m.length() + line.length() + 2 <= size) {
            m.append(line).append("\r\n");
        }
        while (m.length() + 2 < size) {
            m.append('x');
        }
        return m.append("\r\n").toString();
    }
}
