package org.mailserver.core.filter.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.config.Settings;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.filter.FilterContext;
import org.mailserver.core.filter.FilterVerdict;
import org.mailserver.core.filter.HeaderEdit;
import org.mailserver.core.filter.Refusal;
import org.mailserver.core.filter.Stage;
import org.mailserver.core.filter.maps.RegexpMap;
import org.mailserver.core.filter.maps.RegexpMapParser;
import org.mailserver.core.testing.TestMessageSource;

/** header_checks, mime_header_checks and body_checks on real multipart messages, streamed. */
class ContentChecksFilterTest {
    static final String SAMPLE = "../conf/header_checks.sample";

    private static Optional<RegexpMap> map(String text) throws Exception {
        return text == null ? Optional.empty() : Optional.of(RegexpMapParser.parse("m", new StringReader(text)));
    }

    private static FilterVerdict check(ContentChecksConfig c, MessageSource m) throws Exception {
        return new ContentChecksFilter(c).check(Stage.DATA, new FilterContext(InetAddress.getLoopbackAddress(), "h",
                null, "a@b.test", null, List.of(), m, null));
    }

    private static FilterVerdict headers(String map, String message) throws Exception {
        return check(new ContentChecksConfig(map(map), Optional.empty(), Optional.empty()), TestMessageSource.of(message));
    }

    private static ContentChecksConfig sample() {
        return ContentChecksConfig.from(new Settings(Map.of("filter.header_checks", SAMPLE))).orElseThrow();
    }

    private static Refusal rejected(FilterVerdict v) {
        return assertInstanceOf(FilterVerdict.Reject.class, v).refusal();
    }

    /** A message with an attached message (message/rfc822) whose own multipart carries {@code attachment}. */
    static String nested(String attachmentHeaders) {
        return """
                From: a@b.test
                Subject: report
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                preamble
                --outer
                Content-Type: multipart/alternative; boundary="alt"

                --alt
                Content-Type: text/plain

                hello
                --alt
                Content-Type: text/html

                <p>hello</p>
                --alt--
                --outer
                Content-Type: message/rfc822

                From: c@d.test
                Subject: fwd
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="inner"

                --inner
                Content-Type: text/plain

                see attached
                --inner
                """ + attachmentHeaders + """

                TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
                --inner--
                --outer--
                epilogue
                """;
    }

    @Test
    void theSampleMapFindsAnExecutableDeepInsideNestedParts() throws Exception {
        Refusal r = rejected(check(sample(), TestMessageSource.of(nested(
                "Content-Type: application/octet-stream;\n\tname=\"invoice.pif\"\nContent-Transfer-Encoding: base64\n"))));
        assertEquals(550, r.code());
        assertEquals("5.7.1", r.status());
        assertEquals("header_checks", r.policy());
        assertTrue(r.text().startsWith("Attachment type not allowed: \".pif\" files are refused"), r.text());
        assertTrue(r.text().endsWith("(policy header_checks)"), r.text());
        assertTrue(r.rule().contains("header_checks.sample:18"), r.rule());
    }

    @Test
    void theSampleMapLetsHarmlessAttachmentsThrough() throws Exception {
        assertEquals(FilterVerdict.CONTINUE, check(sample(), TestMessageSource.of(nested(
                "Content-Type: application/pdf; name=\"invoice.pdf\"\nContent-Disposition: attachment; filename=\"exe.pdf\"\n"))));
        assertEquals(FilterVerdict.CONTINUE, check(sample(), TestMessageSource.of(nested(
                "Content-Type: application/javascript; name=\"notes.json\"\n"))));
    }

    @Test
    void encodedFilenamesAreMatchedDecoded() throws Exception {
        // RFC 2047 words in a parameter (common though RFC 2047 5 forbids it)
        rejected(check(sample(), TestMessageSource.of(nested(
                "Content-Type: application/octet-stream\nContent-Disposition: attachment;"
                + " filename=\"=?UTF-8?B?cmVjaG51bmcuZXhl?=\"\n"))));
        // RFC 2231 4: charset'language'percent-encoded, and 3: split in sections
        rejected(check(sample(), TestMessageSource.of(nested(
                "Content-Type: application/octet-stream\nContent-Disposition: attachment;"
                + " filename*=UTF-8''r%C3%A9sum%C3%A9%2Escr\n"))));
        rejected(check(sample(), TestMessageSource.of(nested(
                "Content-Type: application/octet-stream;\n name*0*=UTF-8''invoice;\n name*1=\".v\";\n name*2=bs\n"))));
    }

    @Test
    void headersAreUnfoldedAndLongOnesTruncatedWithoutFailing() throws Exception {
        String map = "/^Subject: one two\\tthree$/ REJECT folded\n/^X-Long: a+$/ REJECT long\n/^X-After: yes/ REJECT after\n";
        assertEquals("folded (policy header_checks)",
                rejected(headers(map, "Subject: one\n two\n\tthree\n\nbody\n")).text());
        String longValue = "a".repeat(200_000);
        // over the 64 KiB match limit: matched truncated, and the header after it is still checked
        assertEquals("long (policy header_checks)", rejected(headers(map, "X-Long: " + longValue + "\n\nbody\n")).text());
        assertEquals("after (policy header_checks)",
                rejected(headers("/^X-After: yes/ REJECT after\n", "X-Long: " + longValue + "\nX-After: yes\n\nbody\n")).text());
        // past Mime4j's own 1 MiB bound: checked as far as it could be read, never an exception
        assertEquals(FilterVerdict.CONTINUE, headers(map, "X-Huge: " + "b".repeat(2_000_000) + "\nX-After: yes\n\nx\n"));
    }

    @Test
    void mimeHeaderChecksSeeMimeHeadersOnly() throws Exception {
        ContentChecksConfig c = new ContentChecksConfig(Optional.empty(), map("/^Content-Type: text\\/html/ REJECT no html\n"
                + "/^Subject: fwd/ REJECT not a MIME header\n"), Optional.empty());
        assertEquals("no html (policy mime_header_checks)", rejected(check(c, TestMessageSource.of(nested("Content-Type: text/plain\n")))).text());
        ContentChecksConfig subjects = new ContentChecksConfig(Optional.empty(), map("/^Subject:/ REJECT x\n"), Optional.empty());
        assertEquals(FilterVerdict.CONTINUE, check(subjects, TestMessageSource.of(nested("Content-Type: text/plain\n"))));
        // header_checks does see the attached message's Subject
        assertEquals("x (policy header_checks)",
                rejected(headers("/^Subject: fwd/ REJECT x\n", nested("Content-Type: text/plain\n"))).text());
    }

    @Test
    void bodyChecksMatchRawLinesOfEveryPart() throws Exception {
        ContentChecksConfig c = new ContentChecksConfig(Optional.empty(), Optional.empty(),
                map("/^<iframe src=(3D)?cid:.* height=(3D)?0 width=(3D)?0>$/ REJECT IFRAME vulnerability exploit\n"
                        + "/^TVqQAAMAAAAEAAAA/ REJECT 5.7.0 Windows executable\n/^epilogue$/ WARN seen\n"));
        Refusal r = rejected(check(c, TestMessageSource.of(nested("Content-Type: application/octet-stream\n"))));
        assertEquals("5.7.0", r.status());
        assertEquals("Windows executable (policy body_checks)", r.text());
        assertEquals("body_checks", r.policy());
        assertEquals("IFRAME vulnerability exploit (policy body_checks)", rejected(check(c, TestMessageSource.of(
                "Subject: x\nContent-Type: text/html\n\n<p>\n<iframe src=3Dcid:EA4DMGBP9p height=3D0 width=3D0>\n"))).text());
        assertEquals(FilterVerdict.CONTINUE, check(c, TestMessageSource.of("Subject: x\n\nnothing here\n")));
    }

    @Test
    void onlyTheFirstPartOfAHugeBodyIsScanned() throws Exception {
        ContentChecksConfig c = new ContentChecksConfig(Optional.empty(), Optional.empty(), map("/^LATE$/ REJECT late\n"));
        String early = "Subject: x\n\n" + "filler line\n".repeat(10) + "LATE\n";
        rejected(check(c, TestMessageSource.of(early)));
        String late = "Subject: x\n\n" + "filler line\n".repeat(10_000) + "LATE\n";
        assertEquals(FilterVerdict.CONTINUE, check(c, TestMessageSource.of(late)), "past body_checks_size_limit");
    }

    @Test
    void anAttachedMessageAtTheTopIsCheckedInside() throws Exception {
        // the top-level entity is message/rfc822: its own multipart's headers still reach header_checks
        String attached = "From: a@b.test\nSubject: fwd\nContent-Type: message/rfc822\n\n" + nested(
                "Content-Type: application/octet-stream; name=\"run.exe\"\n");
        assertEquals("header_checks", rejected(check(sample(), TestMessageSource.of(attached))).policy());
        // and a single-part message's body is never read as headers, with or without body_checks
        String plain = "Subject: x\n\nContent-Type: application/octet-stream; name=\"run.exe\"\n";
        assertEquals(FilterVerdict.CONTINUE, check(sample(), TestMessageSource.of(plain)));
        ContentChecksConfig both = new ContentChecksConfig(sample().headerChecks(), Optional.empty(), map("/^TVqQ/ REJECT\n"));
        assertEquals(FilterVerdict.CONTINUE, check(both, TestMessageSource.of(plain)));
    }

    @Test
    void bodyLinesAreSplitAtTheLineLimitAndFoundAcrossReads() throws Exception {
        ContentChecksConfig c = new ContentChecksConfig(Optional.empty(), Optional.empty(),
                map("/^b+$/ REJECT piece\n/^line 1999$/ REJECT late line\n"));
        // Postfix's line_length_limit: the rest of a long line is matched as a line of its own
        assertEquals("piece (policy body_checks)", rejected(check(c, TestMessageSource.of(
                "Subject: x\n\n" + "a".repeat(ContentChecksFilter.LINE_LIMIT) + "b".repeat(10) + "\n"))).text());
        assertEquals(FilterVerdict.CONTINUE, check(c, TestMessageSource.of(
                "Subject: x\n\n" + "a".repeat(ContentChecksFilter.LINE_LIMIT - 20) + "b".repeat(10) + "\n")));
        // a line of exactly the limit: its CR becomes a piece of its own, empty once the CR is taken off
        assertEquals(FilterVerdict.CONTINUE, check(c, TestMessageSource.of(
                "Subject: x\n\n" + "b".repeat(ContentChecksFilter.LINE_LIMIT - 1) + "a\n")));
        StringBuilder lines = new StringBuilder("Subject: x\n\n");
        for (int i = 0; i < 2000; i++) {
            lines.append("line ").append(i).append('\n');
        }
        assertEquals("late line (policy body_checks)", rejected(check(c, TestMessageSource.of(lines.toString()))).text());
    }

    @Test
    void nonAsciiHeadersAndBodyLinesAreMatchedAsUtf8() throws Exception {
        assertEquals("greeting (policy header_checks)",
                rejected(headers("/^Subject: Gr\u00fc\u00dfe$/ REJECT greeting\n", "Subject: Gr\u00fc\u00dfe\n\nx\n")).text());
        ContentChecksConfig c = new ContentChecksConfig(Optional.empty(), Optional.empty(),
                map("/^TVqQ/ REJECT exe\n/^\u00e9clair$/ REJECT pastry\n"));
        assertEquals("pastry (policy body_checks)",
                rejected(check(c, TestMessageSource.of("Subject: x\n\n\u00e9t\u00e9\n\u00e9clair\n"))).text());
        ContentChecksConfig anchored = new ContentChecksConfig(Optional.empty(), Optional.empty(), map("/^TVqQ/ REJECT exe\n"));
        assertEquals(FilterVerdict.CONTINUE, check(anchored, TestMessageSource.of("Subject: x\n\n\u00e9t\u00e9\nhello\n")));
    }

    @Test
    void mimeHeadersAreKnownByNameInAnyCase() throws Exception {
        ContentChecksConfig c = new ContentChecksConfig(Optional.empty(),
                map("/^mime-version: 1/ REJECT version\n/^X-Content/ REJECT not a MIME header\n/^content-id:/ REJECT id\n"),
                Optional.empty());
        assertEquals("version (policy mime_header_checks)",
                rejected(check(c, TestMessageSource.of("Subject: x\nMIME-VERSION: 1.0\n\nx\n"))).text());
        assertEquals("id (policy mime_header_checks)",
                rejected(check(c, TestMessageSource.of("Subject: x\nCONTENT-ID: <a@b>\n\nx\n"))).text());
        assertEquals(FilterVerdict.CONTINUE, check(c, TestMessageSource.of("Subject: x\nX-Content-Type: x\n\nx\n")));
        assertTrue(ContentChecksFilter.isMimeHeader("Content-Type"));
        assertTrue(ContentChecksFilter.isMimeHeader("mime-VERSION"));
        assertTrue(!ContentChecksFilter.isMimeHeader("MIME-Versions") && !ContentChecksFilter.isMimeHeader("Content"));
    }

    @Test
    void manyChecksOnOneThreadGiveTheSameAnswers() throws Exception {
        // Mime4j hands its buffers back to a per-thread recycler: a buffer given back twice would be
        // shared by two parses, so the answers of checks run one after another on a thread would drift
        ContentChecksConfig both = new ContentChecksConfig(sample().headerChecks(), Optional.empty(),
                map("/^TVqQAAMAAAAEAAAA/ REJECT 5.7.0 Windows executable\n"));
        MessageSource exe = TestMessageSource.of(nested("Content-Type: application/octet-stream; name=\"a.pif\"\n"));
        MessageSource pdf = TestMessageSource.of(nested("Content-Type: application/pdf; name=\"a.pdf\"\n"));
        MessageSource plain = TestMessageSource.of("Subject: x\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\n"
                + "text line\n".repeat(500));
        MessageSource huge = TestMessageSource.of("X-Huge: " + "b".repeat(1_100_000) + "\n\nx\n");
        DateFilter date = new DateFilter(new DateCheckConfig(java.time.Duration.ofDays(30000), java.time.Duration.ofDays(1)),
                java.time.Clock.systemUTC());
        for (int i = 0; i < 200; i++) {
            assertEquals("header_checks", rejected(check(sample(), exe)).policy());
            assertEquals(FilterVerdict.CONTINUE, check(sample(), pdf));
            assertEquals("5.7.0", rejected(check(both, pdf)).status());
            assertEquals(FilterVerdict.CONTINUE, check(sample(), plain));
            assertEquals(FilterVerdict.CONTINUE, check(both, plain));
            assertEquals(FilterVerdict.CONTINUE, date.check(Stage.DATA, new FilterContext(null, "h", null, "a@b.test", null,
                    List.of(), plain, null)));
            if (i % 50 == 0) {
                assertEquals(FilterVerdict.CONTINUE, check(both, huge));
            }
        }
    }

    @Test
    void warnInfoAndTheUnsupportedActionsDoNotRefuseNorEdit() throws Exception {
        assertEquals(FilterVerdict.CONTINUE, headers("/^Subject:/ WARN look\n/^From:/ INFO seen\n/^To:/ HOLD\n"
                + "/^Cc:/ REDIRECT x@y.test\n/^Bcc:/ BCC a@b.test\n/^Date:/ FILTER smtp:[::1]:10025\n",
                "From: a\nSubject: b\nTo: c\nCc: d\nDate: e\n\nx\n"));
    }

    @Test
    void discardEndsTheCheckWithTheMapsText() throws Exception {
        FilterVerdict.Discard d = assertInstanceOf(FilterVerdict.Discard.class,
                headers("/^Subject:/ DISCARD bulk junk\n/^From:/ REJECT\n", "Subject: b\nFrom: a\n\nx\n"));
        assertEquals(new FilterVerdict.Discard("header_checks", "m:1 /^Subject:/ DISCARD bulk junk", "bulk junk"), d);
        assertInstanceOf(FilterVerdict.Discard.class, check(new ContentChecksConfig(Optional.empty(), Optional.empty(),
                map("/^unsubscribe now/ DISCARD\n")), TestMessageSource.of("Subject: b\n\nhi\nunsubscribe now\n")));
    }

    @Test
    void ignorePrependAndReplaceOnTheMessagesOwnHeaderBecomeEdits() throws Exception {
        String map = """
                /^X-Originating-IP:/      IGNORE
                /^Subject: (.*)/          REPLACE Subject: [ext] $1
                /^From:/                  PREPEND X-From-Checked: yes
                /^Content-Type:/          IGNORE
                """;
        String message = """
                X-Originating-IP: [10.0.0.1]
                Subject: hello
                 world
                From: a@b.test
                X-Originating-IP: [10.0.0.1]
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain

                x
                --b--
                """;
        FilterVerdict.AddHeaders v = assertInstanceOf(FilterVerdict.AddHeaders.class, headers(map, message));
        assertEquals(List.of(), v.lines());
        assertEquals(List.of(
                new HeaderEdit(HeaderEdit.Kind.DELETE, "X-Originating-IP: [10.0.0.1]", null),
                new HeaderEdit(HeaderEdit.Kind.REPLACE, "Subject: hello world", "Subject: [ext] hello world"),
                new HeaderEdit(HeaderEdit.Kind.PREPEND, "From: a@b.test", "X-From-Checked: yes"),
                new HeaderEdit(HeaderEdit.Kind.DELETE, "Content-Type: multipart/mixed; boundary=\"b\"", null)),
                v.edits(), "the part's Content-Type is logged, not edited; the repeated field gives one edit");
    }

    @Test
    void editsThatCannotBeMadeAreLoggedOnly() throws Exception {
        // a PREPEND text that is no header line (Postfix's cleanup refuses it too), a body line, a part's header
        assertEquals(FilterVerdict.CONTINUE, headers("/^Subject:/ PREPEND not a header\n/^From:/ REPLACE\n",
                "Subject: b\nFrom: a\n\nx\n"));
        assertEquals(FilterVerdict.CONTINUE, check(new ContentChecksConfig(Optional.empty(), Optional.empty(),
                map("/^secret/ IGNORE\n")), TestMessageSource.of("Subject: b\n\nsecret line\n")));
        assertEquals(FilterVerdict.CONTINUE, headers("/^Content-Disposition:/ IGNORE\n", nested("Content-Type: text/plain\n"
                + "Content-Disposition: attachment; filename=a.txt\n")));
    }

    @Test
    void aFourXxCodeDefers() throws Exception {
        Refusal r = assertInstanceOf(FilterVerdict.Defer.class, headers("/^Subject:/ REJECT 4.7.1 later\n", "Subject: b\n\nx\n")).refusal();
        assertEquals(451, r.code());
    }

    @Test
    void configReadsMapsAndReportsProblems(@TempDir Path dir) throws Exception {
        assertEquals(Optional.empty(), ContentChecksConfig.from(new Settings(Map.of())));
        Path bad = Files.writeString(dir.resolve("body_checks"), "/ok/ REJECT\n/(/ REJECT\n");
        Settings s = new Settings(Map.of("filter.body_checks", "regexp:" + bad, "filter.header_checks", dir.resolve("none").toString()));
        ContentChecksConfig.from(s);
        assertEquals(2, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().stream().anyMatch(p -> p.contains("body_checks:2: bad regular expression")), s.problems().toString());
        Settings good = new Settings(Map.of("filter.header_checks", SAMPLE));
        assertTrue(ContentChecksConfig.from(good).get().headerChecks().isPresent());
        assertTrue(good.problems().isEmpty());
    }
}
