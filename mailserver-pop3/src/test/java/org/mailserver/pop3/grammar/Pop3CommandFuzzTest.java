package org.mailserver.pop3.grammar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link Pop3Parser}: one command line, decoded as UTF-8.
 *
 * <p>Invariants: every line parses or throws {@link Pop3SyntaxException} with a message, nothing
 * else; message numbers are never negative; only PASS may carry a control character.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs in {@code Pop3CommandFuzzTestInputs/} as
 * regression tests; with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration} (docs/reliability.md).
 */
class Pop3CommandFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void commandLine(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        Pop3Command command;
        try {
            command = Pop3Parser.parse(line);
        } catch (Pop3SyntaxException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertNotNull(command, line);
        if (!(command instanceof Pop3Command.Pass)) {
            assertFalse(line.chars().anyMatch(Character::isISOControl), "accepted a control character: " + line);
        }
        if (command instanceof Pop3Command.Retr r) {
            assertTrue(r.message() >= 0);
        } else if (command instanceof Pop3Command.Dele d) {
            assertTrue(d.message() >= 0);
        } else if (command instanceof Pop3Command.Top t) {
            assertTrue(t.message() >= 0 && t.lines() >= 0);
        } else if (command instanceof Pop3Command.List l) {
            assertTrue(l.message().orElse(0) >= 0);
        } else if (command instanceof Pop3Command.Uidl u) {
            assertTrue(u.message().orElse(0) >= 0);
        }
    }
}
