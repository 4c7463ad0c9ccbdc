package org.mailserver.imap.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailserver.store.mime.MessageStructure;

/**
 * ENVELOPE, BODY and BODYSTRUCTURE of the tricky messages in {@code src/test/resources/mime/},
 * against the strings in each {@code .expected} file. Those were written from RFC 3501 7.4.2 by
 * hand (sizes and line counts counted on the CRLF form); {@code dovecot-bodystructure} is the
 * message of Dovecot's {@code test-imap-bodystructure.c} with Dovecot's published answer (in our
 * upper-case convention), and {@code envelope-full}, {@code groups}, {@code route},
 * {@code only-rfc822} and {@code digest} follow messages of Dovecot's imaptest suite. In the
 * files, {@code ⏎} stands for the CRLF after a literal's {@code {n}}.
 */
class FetchCorpusTest {

    @ParameterizedTest
    @ValueSource(strings = {"dovecot-bodystructure", "groups", "route", "envelope-full", "only-rfc822", "digest",
        "rfc2231", "missing-close", "boundary-never-found", "nested", "base64-attachment", "empty-message",
        "empty-body", "no-header", "eight-bit-header"})
    void matchesTheExpectedResponses(String name) throws Exception {
        Map<String, String> expected = expected(name);
        byte[] message = MimeCorpus.message(name);
        MessageStructure structure = MessageStructure.parse(new ByteArrayInputStream(message));
        assertEquals(message.length, structure.size());
        assertEquals(expected.get("ENVELOPE"), EnvelopeEncoder.encode(structure.envelope()), name + " ENVELOPE");
        assertEquals(expected.get("BODY"), BodyStructureEncoder.encode(structure, false), name + " BODY");
        assertEquals(expected.get("BODYSTRUCTURE"), BodyStructureEncoder.encode(structure, true), name + " BODYSTRUCTURE");

        MessageStructure trickled = MessageStructure.parse(MimeCorpus.oneByteAtATime(message));
        assertEquals(expected.get("BODYSTRUCTURE"), BodyStructureEncoder.encode(trickled, true), name + " one octet per read");
    }

    private static Map<String, String> expected(String name) {
        Map<String, String> expected = new HashMap<>();
        for (String line : MimeCorpus.resource(name + ".expected").split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                expected.put(line.substring(0, space), line.substring(space + 1).replace("\u23ce", "\r\n"));
            }
        }
        return expected;
    }
}
