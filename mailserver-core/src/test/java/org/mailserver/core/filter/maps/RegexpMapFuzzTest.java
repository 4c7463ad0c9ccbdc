package org.mailserver.core.filter.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Coverage-guided fuzzing (Jazzer) of the Postfix {@code regexp:} map: a fuzzed table through
 * {@link RegexpMapParser}, then the compiled map on a fuzzed header or body line.
 *
 * <p>Input: the table's text, a NUL, then the line. Invariants: parsing either gives a map or throws {@link MapException} naming {@code file:line};
 * a lookup never throws and always ends (patterns run within {@link RegexpMap}'s budget, so a
 * backtracking pattern such as {@code /(a+)+b/} cannot hang it: a hang here is a finding); the
 * lookup with its literal prefixes and header-name index gives what a plain walk of the table in
 * file order gives; and {@link RegexpMap#mayMatch} is false only for lines that match nothing.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs in {@code RegexpMapFuzzTestInputs/} as
 * regression tests; with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration} (docs/reliability.md).
 */
class RegexpMapFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void mapAndLine(byte[] data) throws IOException {
        // the table, a NUL, the line
        int nul = 0;
        while (nul < data.length && data[nul] != 0) {
            nul++;
        }
        String table = new String(data, 0, nul, StandardCharsets.UTF_8);
        String line = nul < data.length ? new String(data, nul + 1, data.length - nul - 1, StandardCharsets.UTF_8) : "";
        RegexpMap map;
        try {
            map = RegexpMapParser.parse("fuzz", new StringReader(table));
        } catch (MapException e) {
            assertTrue(e.getMessage().startsWith("fuzz:"), e.getMessage());
            return;
        }
        long overflows = RegexpMap.STACK_OVERFLOWS.sum();
        Optional<MapMatch> found = map.lookup(line);
        found.ifPresent(m -> assertNotNull(m.action()));
        Optional<MapMatch> plain = plainLookup(map.entries(), line);
        if (RegexpMap.STACK_OVERFLOWS.sum() == overflows) { // else each gave up at its own stack depth
            assertEquals(plain.map(MapMatch::where), found.map(MapMatch::where), line);
        }
        byte[] octets = line.getBytes(StandardCharsets.UTF_8);
        if (!map.mayMatch(octets, octets.length)) {
            assertEquals(Optional.empty(), found, "mayMatch said no: " + line);
        }
    }

    /** Every entry in file order, without prefixes or index, each match within the same budget. */
    private static Optional<MapMatch> plainLookup(List<RegexpMap.Entry> entries, String input) {
        for (RegexpMap.Entry e : entries) {
            if (e instanceof RegexpMap.IfBlock b) {
                Boolean found = RegexpMap.find(b.pattern().matcher(RegexpMap.bounded(input)), "if");
                if (found != null && found != b.negated()) {
                    Optional<MapMatch> m = plainLookup(b.body(), input);
                    if (m.isPresent()) {
                        return m;
                    }
                }
                continue;
            }
            RegexpMap.Rule r = (RegexpMap.Rule) e;
            Matcher m = r.pattern().matcher(RegexpMap.bounded(input));
            Boolean found = RegexpMap.find(m, r.where());
            if (found == null || found == r.negated()) {
                continue;
            }
            MapAction action = MapAction.parse(r.negated() ? r.result() : RegexpMap.substitute(r.result(), m));
            if (action != null) {
                return Optional.of(new MapMatch(action, r.where(), r.line()));
            }
        }
        return Optional.empty();
    }
}
