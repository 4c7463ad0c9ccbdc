package org.mailserver.imap.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.mailserver.store.mime.MessageStructure;

/**
 * Coverage-guided fuzzing (Jazzer) of what FETCH makes of a message's structure: the message is
 * parsed ({@link MessageStructure#parse}), then encoded as ENVELOPE, BODY and BODYSTRUCTURE.
 *
 * <p>Invariants: nothing throws, and each encoding is exactly one well-formed value of RFC 3501 9:
 * parenthesised lists, {@code NIL}, numbers, quoted strings (no CR, LF, NUL or 8-bit octet, only
 * {@code \\} and {@code \"} escaped) and literals whose count is their octet count, with no NUL
 * anywhere. A malformed response desynchronises every client that reads it.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs in {@code FetchEncoderFuzzTestInputs/} as
 * regression tests; with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration} (docs/reliability.md).
 */
class FetchEncoderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void encoders(byte[] message) throws IOException {
        MessageStructure s = MessageStructure.parse(new ByteArrayInputStream(message));
        wellFormed(EnvelopeEncoder.encode(s.envelope()));
        wellFormed(BodyStructureEncoder.encode(s, false));
        wellFormed(BodyStructureEncoder.encode(s, true));
    }

    /** One value of RFC 3501 9's response grammar, as the response writer sends it (UTF-8). */
    static void wellFormed(String encoded) {
        byte[] b = encoded.getBytes(StandardCharsets.UTF_8);
        int end = value(b, 0, encoded, 0);
        assertEquals(b.length, end, "text after the value: " + encoded);
    }

    private static int value(byte[] b, int i, String encoded, int depth) {
        if (i >= b.length) {
            fail("value missing at the end: " + encoded);
        }
        if (depth > 1000) {
            fail("nested too deep: " + encoded);
        }
        int c = b[i];
        if (c == '(') {
            i++;
            boolean first = true;
            while (i < b.length && b[i] != ')') {
                if (!first && b[i] == ' ') {
                    i++; // a multipart's parts follow one another without a space
                }
                i = value(b, i, encoded, depth + 1);
                first = false;
            }
            if (i >= b.length) {
                fail("unclosed list: " + encoded);
            }
            return i + 1;
        }
        if (c == '"') {
            for (i++; i < b.length; i++) {
                int q = b[i];
                if (q == '"') {
                    return i + 1;
                }
                if (q == '\\') {
                    i++;
                    if (i >= b.length || b[i] != '"' && b[i] != '\\') {
                        fail("bad escape in a quoted string at " + i + ": " + encoded);
                    }
                } else if (q == '\r' || q == '\n' || q == 0 || q < 0) {
                    fail("octet " + (q & 0xff) + " in a quoted string at " + i + ": " + encoded);
                }
            }
            fail("unterminated quoted string: " + encoded);
        }
        if (c == '{') {
            int close = i + 1;
            long n = 0;
            while (close < b.length && b[close] >= '0' && b[close] <= '9' && n < Integer.MAX_VALUE) {
                n = n * 10 + b[close++] - '0';
            }
            if (close == i + 1 || close + 2 >= b.length + 1 || b[close] != '}' || b[close + 1] != '\r'
                    || b[close + 2] != '\n' || close + 3 + n > b.length) {
                fail("bad literal at " + i + ": " + encoded);
            }
            for (int k = close + 3; k < close + 3 + n; k++) {
                if (b[k] == 0) {
                    fail("NUL in a literal: " + encoded);
                }
            }
            return (int) (close + 3 + n);
        }
        if (c >= '0' && c <= '9') {
            while (i < b.length && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            return i;
        }
        if (i + 3 <= b.length && b[i] == 'N' && b[i + 1] == 'I' && b[i + 2] == 'L') {
            return i + 3;
        }
        fail("unexpected octet " + (c & 0xff) + " at " + i + ": " + encoded);
        return -1;
    }
}
