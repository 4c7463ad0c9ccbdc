package org.mailserver.core.filter.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Lookups with the literal prefixes and the header-name index give what a plain walk of the table in
 * file order gives (regexp_table(5): the first matching line decides).
 */
class RegexpMapTest {

    private static RegexpMap map(String text) throws Exception {
        return RegexpMapParser.parse("t", new StringReader(text));
    }

    private static String where(RegexpMap m, String input) {
        return m.lookup(input).map(MapMatch::where).orElse(null);
    }

    /** The lookup without prefixes or index: every entry in file order, as the map was before them. */
    private static Optional<MapMatch> plainLookup(List<RegexpMap.Entry> entries, String input) {
        for (RegexpMap.Entry e : entries) {
            if (e instanceof RegexpMap.IfBlock b) {
                if (b.pattern().matcher(input).find() != b.negated()) {
                    Optional<MapMatch> m = plainLookup(b.body(), input);
                    if (m.isPresent()) {
                        return m;
                    }
                }
                continue;
            }
            RegexpMap.Rule r = (RegexpMap.Rule) e;
            Matcher m = r.pattern().matcher(input);
            if (m.find() != r.negated()) {
                String result = r.negated() ? r.result() : RegexpMap.substitute(r.result(), m);
                return Optional.of(new MapMatch(MapAction.parse(result), r.where(), r.line()));
            }
        }
        return Optional.empty();
    }

    @Test
    void fileOrderDecidesAcrossNamedAndUnnamedLines() throws Exception {
        RegexpMap m = map("""
                /^Subject: a/     WARN first
                /free/            REJECT second
                /^Subject:/       REJECT third
                /^From:/          REJECT fourth
                !/^X-/            DUNNO fifth
                /^X-Mailer:/      REJECT sixth
                """);
        assertEquals("t:1", where(m, "Subject: a free lunch"), "a named line before an unnamed one");
        assertEquals("t:2", where(m, "Subject: free lunch"), "an unnamed line before a named one");
        assertEquals("t:3", where(m, "SUBJECT: lunch"));
        assertEquals("t:2", where(m, "From: free@example.test"));
        assertEquals("t:4", where(m, "from: x"));
        assertEquals("t:5", where(m, "To: y"), "a negated line matches every other header");
        assertEquals("t:6", where(m, "X-Mailer: z"));
        assertEquals(null, where(m, "X-Other: z"));
    }

    @Test
    void ifBlocksAreFiledByTheirConditionAndKeepTheirPlace() throws Exception {
        RegexpMap m = map("""
                if /^Subject:/
                /viagra/          REJECT spam subject
                endif
                /viagra/          WARN elsewhere
                if !/^Subject:/
                /^(.*)-outgoing@(.*)$/  REJECT Use ${1}@${2} instead
                endif
                """);
        assertEquals("spam subject", m.lookup("Subject: viagra").get().action().text());
        assertEquals("t:4", where(m, "From: viagra"));
        assertEquals("Use list@example.test instead", m.lookup("list-outgoing@example.test").get().action().text());
        assertEquals(null, where(m, "Subject: list-outgoing@example.test"));
    }

    @Test
    void caseSensitiveLinesStayCaseSensitive() throws Exception {
        RegexpMap m = map("/^Subject: ABC/i REJECT exact\n/^subject: abc/ WARN folded\n");
        assertEquals("t:1", where(m, "Subject: ABC"));
        assertEquals("t:2", where(m, "SUBJECT: abc"));
        assertEquals("t:2", where(m, "Subject: abc"));
    }

    @Test
    void inputsWithoutAKnownNameSeeTheUnnamedLines() throws Exception {
        RegexpMap m = map("/^Subject:/ REJECT named\n/^Sub/ WARN partial\n/x/ WARN any\n");
        assertEquals("t:2", where(m, "Subjectx"), "no colon");
        assertEquals("t:2", where(m, "Subject : spaced"));
        assertEquals("t:3", where(m, "A-very-long-header-name-longer-than-any-in-the-map: x"));
        assertEquals("t:1", where(m, "subject:"));
        assertEquals(null, where(m, ""));
    }

    @Test
    void sameResultsAsAPlainWalkOfTheTable() throws Exception {
        RegexpMap m = map("""
                /^Content-(Disposition|Type):.*name\\s*=\\s*"?[^"]*\\.(exe|pif|scr|bat|com|vbs|js)"?\\s*(;|$)/
                    REJECT 5.7.1 Attachment type not allowed: ".$2" files are refused
                /^Subject:.*\\bcheap pills\\b/  REJECT 5.7.1 Subject rejected by policy
                /^X-Mailer: SpamBlaster/      REJECT
                /^Received:.*\\bunknown\\b/    WARN unnamed relay
                /^Subjects?: (.*)$/i          WARN $1
                !/^(From|To|Subject|Date):/   DUNNO
                /^From:.*@(example\\.org)>?$/ REJECT no mail from $1
                if /^To:/
                /postmaster/                  OK
                /@/                           WARN addressed
                endif
                /^Mime-Version: 2/            REJECT odd version
                /[\\x80-\\x{10ffff}]/          WARN non-ASCII
                """);
        List<String> inputs = List.of("Content-Type: application/octet-stream; name=\"a.exe\"",
                "content-disposition: attachment; filename=b.PIF", "Content-Type: text/plain", "Subject: cheap pills now",
                "subject: CHEAP PILLS", "Subjects: x", "Subject: y", "X-Mailer: SpamBlaster 2", "x-mailer: spamblaster",
                "Received: from unknown (x)", "From: <a@example.org>", "From: b@example.net", "To: postmaster@x",
                "to: user@x", "To: nobody", "Mime-Version: 2.0", "MIME-Version: 1.0", "Date: Mon", "Subject: Grüße",
                "Grüße: x", "\u017fubject: cheap pills", "", ":", "Subject", "TVqQAAMAAAAEAAAA");
        for (String input : inputs) {
            assertEquals(plainLookup(m.entries(), input), m.lookup(input), input);
        }
    }

    @Test
    void mayMatchPassesOverBodyLinesNoLineCanStart() throws Exception {
        RegexpMap anchored = map("/^TVqQAAMAAAAEAAAA/ REJECT exe\n/^<iframe src=/ REJECT iframe\nif /^begin /\n/exe/ REJECT uu\nendif\n");
        assertTrue(anchored.mayMatch(bytes("TVqQAAMAAAAEAAAA//8A"), 20));
        assertTrue(anchored.mayMatch(bytes("tvqq"), 4), "case-insensitive: looked up, the regex decides");
        assertTrue(anchored.mayMatch(bytes("<p>"), 3));
        assertTrue(anchored.mayMatch(bytes("Begin 644 x.exe"), 15));
        assertFalse(anchored.mayMatch(bytes("hello"), 5));
        assertFalse(anchored.mayMatch(bytes("\u00e9t\u00e9"), 5));
        assertFalse(anchored.mayMatch(new byte[0], 0));
        assertTrue(map("/^TVqQ/ REJECT\n/viagra/ REJECT\n").mayMatch(bytes("hello"), 5), "an unanchored line");
        assertTrue(map("!/^TVqQ/ WARN\n").mayMatch(bytes("hello"), 5), "a negated line");
        assertTrue(map("/^\u00e9t\u00e9/ REJECT\n").mayMatch(bytes("\u00e9t\u00e9"), 5), "no ASCII literal");
        assertTrue(map("/^$/ WARN empty\n").mayMatch(new byte[0], 0));
    }

    /** Found by RegexpMapFuzzTest: a backtracking or deeply recursing pattern gives up on the line, the next decides. */
    @Test
    void aPatternThatRunsOutOfItsBudgetIsSkipped() throws Exception {
        RegexpMap m = map("/^(a+)+b$/ REJECT backtracks\n/^(a|b)*c$/ REJECT recurses\n/^a/ WARN ok\n");
        long start = System.nanoTime();
        assertEquals("t:3", where(m, "a".repeat(60)));
        assertEquals("t:3", where(m, "ab".repeat(20_000)));
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "bounded, not exponential");
        assertEquals("t:1", where(m, "aaab"));
    }

    /** Found by RegexpMapFuzzTest: {@code ${n}} past any int was a NumberFormatException at lookup time. */
    @Test
    void aHugeGroupNumberIsAnEmptyGroup() throws Exception {
        RegexpMap m = map("/^Subject: (x)/ REJECT a${99999999999}b$1\n");
        assertEquals("ab" + "x", m.lookup("Subject: x").orElseThrow().action().text());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
