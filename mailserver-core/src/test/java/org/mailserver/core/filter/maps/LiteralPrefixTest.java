package org.mailserver.core.filter.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The literal a match must start with: found where it is certain, never wrong, absent when unsure. */
class LiteralPrefixTest {
    private static final int CI = Pattern.CASE_INSENSITIVE;

    private static String prefix(String regex, int flags) {
        return LiteralPrefix.of(Pattern.compile(regex, flags)).text();
    }

    @Test
    void anchoredLiteralsOfHeaderChecks() {
        assertEquals("Subject:", prefix("^Subject:", CI));
        assertEquals("Subject: make money fast", prefix("^Subject: make money fast", CI));
        assertEquals("Content-", prefix("^Content-(Disposition|Type):.*name\\s*=", CI));
        assertEquals("X-Spam-Level: ", prefix("^X-Spam-Level: \\*{5}", CI));
        assertEquals("To: friend@public", prefix("^To: friend@public\\.com", CI));
        assertTrue(LiteralPrefix.of(Pattern.compile("^Subject:", CI)).ignoreCase());
        assertFalse(LiteralPrefix.of(Pattern.compile("^Subject:", 0)).ignoreCase());
    }

    @Test
    void aQuantifiedLastCharacterIsLeftOut() {
        assertEquals("Subject", prefix("^Subjects?:", CI));
        assertEquals("Su", prefix("^Sub{2}", CI));
        assertEquals("X-", prefix("^X-a*", CI));
        assertEquals("X-", prefix("^X-a+", CI));
        assertEquals("", prefix("^a?b", CI));
    }

    @Test
    void noPrefixWhenAMatchMayStartElsewhere() {
        assertEquals("", prefix("Subject:", CI), "not anchored");
        assertEquals("", prefix("^Subject:", CI | Pattern.MULTILINE), "^ after any line break");
        assertEquals("", prefix("^Subject: a|b", CI), "top-level alternation");
        assertEquals("", prefix("^[ab]|c", CI));
        assertEquals("", prefix("^(?i)Subject", 0));
        assertEquals("", prefix("^\\QSubject\\E", CI));
        assertEquals("", prefix("^.ubject", CI));
        assertEquals("", prefix("^", CI));
        assertEquals("Gr", prefix("^Grüße", CI), "the literal is ASCII only");
    }

    @Test
    void alternationInsideGroupsClassesAndQuotesIsNotTopLevel() {
        assertEquals("a", prefix("^a(b|c)", CI));
        assertEquals("a", prefix("^a[|]b", CI));
        assertEquals("a", prefix("^a\\|b", CI));
        assertEquals("a", prefix("^a\\Q|\\E", CI));
        assertEquals("a", prefix("^a[[b]|]", CI), "nested class");
        assertEquals("", prefix("^a[\\Q]\\E]|b", CI), "\\Q in a class: not followed, so no prefix");
        assertEquals("", prefix("^a[]|]", CI), "a class starting with ]: not followed");
    }

    @Test
    void matchingFoldsAsciiCaseOnlyAsJavaDoes() {
        LiteralPrefix p = LiteralPrefix.of(Pattern.compile("^Subject:", CI));
        assertTrue(p.matches("SUBJECT: x"));
        assertTrue(p.matches("subject:"));
        assertFalse(p.matches("Subjec"));
        assertFalse(p.matches("\u017fubject: x"), "long s: its upper case is S, but Java's regex does not fold it");
        LiteralPrefix k = LiteralPrefix.of(Pattern.compile("^kb", CI));
        assertFalse(k.matches("\u212ab"), "Kelvin sign");
        LiteralPrefix exact = LiteralPrefix.of(Pattern.compile("^Subject:", 0));
        assertFalse(exact.matches("SUBJECT: x"));
        byte[] b = "subject: x".getBytes(StandardCharsets.UTF_8);
        assertTrue(p.matches(b, b.length));
        assertFalse(p.matches(b, 7));
        assertFalse(exact.matches(b, b.length));
    }

    /** The one property that matters: where the prefix does not match, neither does the pattern. */
    @Test
    void aPrefixMismatchAlwaysMeansNoMatch() {
        List<String> patterns = List.of("^Subject:", "^Subject: a", "^subject:", "^Content-(Disposition|Type):.*name",
                "^Subjects?:", "^Sub{2}", "^X-a*:", "^To: friend@public\\.com", "^kb", "^Grüße", "^Mime-Version:",
                "^a[|]b", "^a(b|c)", "^Date: ");
        List<String> inputs = List.of("Subject: a", "SUBJECT: A", "subject:", "Subject", "Subjec", "Subjects:", "Subject :",
                "Content-Type: x; name=a.exe", "CONTENT-DISPOSITION: attachment; filename=x", "Subbb", "Sub", "X-:", "X-aaa:",
                "To: friend@public.com", "to: FRIEND@PUBLIC.COM", "\u212ab", "KB", "Grüße", "GRÜSSE", "\u017fubject: a",
                "Mime-Version: 1.0", "MIME-VERSION: 1.0", "mİme-version: 1.0", "a|b", "ab", "ac", "A|B", "", " Subject: a",
                "Date: Mon", "date: x");
        for (String regex : patterns) {
            for (int flags : new int[] {0, CI}) {
                Pattern pattern = Pattern.compile(regex, flags);
                LiteralPrefix p = LiteralPrefix.of(pattern);
                for (String input : inputs) {
                    boolean found = pattern.matcher(input).find();
                    if (found) {
                        assertTrue(p.matches(input), regex + " flags " + flags + " matches " + input + " but prefix " + p);
                        byte[] b = input.getBytes(StandardCharsets.UTF_8);
                        assertTrue(p.matches(b, b.length), regex + " on the bytes of " + input);
                    }
                }
            }
        }
    }
}
