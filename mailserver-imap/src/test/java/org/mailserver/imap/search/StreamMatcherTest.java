package org.mailserver.imap.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming substring search and its case folding. */
class StreamMatcherTest {

    private static boolean contains(String text, String needle) {
        StreamMatcher m = new StreamMatcher(needle);
        for (int i = 0; i < text.length(); i++) {
            m.feed(CaseFold.fold(text.charAt(i)));
        }
        return m.found();
    }

    @Test
    void agreesWithStringContainsOnRandomText() {
        Random random = new Random(42);
        for (int round = 0; round < 20000; round++) {
            String text = random(random, random.nextInt(40));
            String needle = random(random, random.nextInt(6));
            assertEquals(text.contains(needle), contains(text, needle), () -> text + " / " + needle);
        }
    }

    private static String random(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(3)));
        }
        return out.toString();
    }

    @Test
    void overlappingPrefixes() {
        assertTrue(contains("aaab", "aab"));
        assertTrue(contains("abababc", "ababc"));
        assertFalse(contains("ababab", "ababc"));
        assertTrue(contains("anything", ""));
    }

    @Test
    void foldsCaseBeyondAscii() {
        assertTrue(contains("GRÜSSE aus KÖLN", "grüsse aus köln"));
        assertTrue(contains("Οδυσσεύς", "ΟΔΥΣΣΕΎΣ"), "final sigma");
        assertTrue(contains("5 \u212A", "5 k"), "Kelvin sign");
        assertTrue(contains("\u017Fun", "SUN"), "long s");
        assertTrue(contains("İstanbul", "istanbul"), "dotted capital I");
        assertTrue(contains("ПРИВЕТ", "привет"));
        assertFalse(contains("Grüße", "GRÜSSE"), "no expansion of ß: one character folds to one");
    }

    @Test
    void resetForgetsAPartialMatch() {
        StreamMatcher m = new StreamMatcher("ab");
        m.feed('a');
        m.reset();
        assertFalse(m.feed('b'));
        assertTrue(m.feed("AB"));
    }
}
