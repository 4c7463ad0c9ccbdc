package org.mailserver.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * Coverage-guided fuzzing (Jazzer) of the MIME metadata parser ({@link MessageStructure#parse}, that is
 * {@link StructureParser}) and of {@link MessageStructureCodec}. The input is used twice: as a message
 * to parse, and as a damaged cache record to decode.
 *
 * <p>Invariants: malformed MIME never throws; the structure covers exactly the input, every part's
 * offsets are ordered and inside its parent's body; encode then decode gives an equal structure and
 * reads exactly what was written; decoding arbitrary octets gives a structure or an
 * {@link IOException}, nothing else, and allocates in proportion to the octets it read, not to the
 * lengths and counts they declare.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs in {@code MessageStructureFuzzTestInputs/} as
 * regression tests; with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration} (docs/reliability.md).
 */
class MessageStructureFuzzTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "5m")
    void parseAndCodec(byte[] data) throws IOException {
        MessageStructure s = MessageStructure.parse(new ByteArrayInputStream(data));
        assertEquals(data.length, s.size());
        assertEquals(0, s.root().headerStart());
        assertEquals(data.length, s.root().end());
        check(s.root());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MessageStructureCodec.write(s, new DataOutputStream(bytes));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(s, MessageStructureCodec.read(in));
        assertEquals(-1, in.read(), "reads exactly what was written");

        long allocated = 0;
        for (int attempt = 0; attempt < 2; attempt++) { // again if over: a first run pays for class loading
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                MessageStructureCodec.read(new DataInputStream(new ByteArrayInputStream(data)));
            } catch (IOException e) {
                // damaged: what the cache reports, and parses the message again for
            }
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            if (allocated < (256 << 10) + 256L * data.length) {
                return;
            }
        }
        fail(allocated + " octets allocated to decode " + data.length);
    }

    private static void check(MimePart p) {
        assertTrue(p.headerStart() <= p.bodyStart() && p.bodyStart() <= p.end(), p.toString());
        assertTrue(p.lines() >= 0 && p.lines() <= p.bodySize(), p.toString());
        long at = p.bodyStart();
        for (MimePart c : p.children()) {
            assertTrue(c.headerStart() >= at && c.end() <= p.end(), "child outside its parent: " + p);
            at = c.end();
            check(c);
        }
        if (p.message() != null) {
            assertTrue(p.message().headerStart() == p.bodyStart() && p.message().end() <= p.end(), p.toString());
            check(p.message());
        }
    }
}
