package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.ImapParser;
import org.mailserver.imap.grammar.ImapSyntaxException;

/**
 * Coverage-guided fuzzing (Jazzer) of the IMAP input path: {@link ImapDecoder} framing lines, literals
 * ({@code {n}}, {@code {n+}}, {@code ~{n}}) and APPEND messages, then {@link ImapParser} on every frame.
 *
 * <p>The same octets are fed whole, one octet at a time and in random chunks; invariants:
 * <ul>
 * <li>the three feeds give the same frames, errors and continuations (framing does not depend on how
 *     TCP cut the stream);
 * <li>every frame parses or throws {@link ImapSyntaxException}; nothing else is thrown anywhere;
 * <li>what the decoder allocates is bounded by what was received, not by what was announced: a
 *     {@code {16000000}} costs nothing until the octets come (limits are 16 MiB here, so a
 *     pre-allocated literal shows).
 * </ul>
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs in {@code ImapDecoderFuzzTestInputs/} as
 * regression tests; with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration} (docs/reliability.md).
 */
class ImapDecoderFuzzTest {
    private static final BlockingExecutor EXECUTOR = new BlockingExecutor(1, 16);
    private static final Path SPOOL;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        try {
            SPOOL = Files.createTempDirectory("imap-fuzz");
            SPOOL.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void framing(FuzzedDataProvider data) {
        boolean small = data.consumeBoolean(); // small limits reach every refusal; large ones show allocations
        boolean literalMinus = data.consumeBoolean();
        long chunkSeed = data.consumeLong();
        byte[] input = data.consumeRemainingAsBytes();

        List<String> whole = run(input, small, literalMinus, null);
        assertEquals(whole, run(input, small, literalMinus, new int[] {1}), "one octet at a time");
        Random random = new Random(chunkSeed);
        int[] chunks = new int[1 + random.nextInt(8)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = 1 + random.nextInt(1 + random.nextInt(64));
        }
        assertEquals(whole, run(input, small, literalMinus, chunks), "in chunks of " + Arrays.toString(chunks));
        assertAllocationBounded(input, small, literalMinus);
    }

    /** The whole input's allocations, measured again if over: a first run pays for class loading and pools. */
    private static void assertAllocationBounded(byte[] input, boolean small, boolean literalMinus) {
        long allocated = 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            EmbeddedChannel ch = new EmbeddedChannel(decoder(small, literalMinus));
            long before = THREADS.getCurrentThreadAllocatedBytes();
            ch.writeInbound(Unpooled.wrappedBuffer(input));
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            ch.finishAndReleaseAll();
            if (allocated < (256 << 10) + 64L * input.length) {
                return;
            }
        }
        fail(allocated + " octets allocated for " + input.length + " received");
    }

    private static ImapDecoder decoder(boolean small, boolean literalMinus) {
        return small ? new ImapDecoder(64, 48, 200, literalMinus, SPOOL, 1 << 20, EXECUTOR)
                : new ImapDecoder(8192, 16 << 20, 16 << 20, literalMinus, SPOOL, 32 << 20, EXECUTOR);
    }

    /** What the decoder emitted and wrote, one string each; {@code chunks} null for the whole input. */
    private static List<String> run(byte[] input, boolean small, boolean literalMinus, int[] chunks) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder(small, literalMinus));
        List<String> out = new ArrayList<>();
        if (chunks == null) {
            ch.writeInbound(Unpooled.wrappedBuffer(input));
        } else {
            for (int i = 0, c = 0; i < input.length; c++) {
                int n = Math.min(chunks[c % chunks.length], input.length - i);
                ch.writeInbound(Unpooled.wrappedBuffer(input, i, n));
                i += n;
            }
        }
        ch.runPendingTasks();
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            if (o instanceof ImapFrame frame) {
                out.add(parse(frame));
            }
            out.add(ImapDecoderTest.describe(o)); // discards the frame's messages
        }
        out.add("output: " + ImapDecoderTest.output(ch));
        ch.finishAndReleaseAll();
        return out;
    }

    private static String parse(ImapFrame frame) {
        try {
            ImapCommand command = ImapParser.parse(frame.segments());
            assertNotNull(command);
            return "command " + command.getClass().getSimpleName();
        } catch (ImapSyntaxException e) {
            assertNotNull(e.getMessage());
            return "BAD " + e.getMessage();
        }
    }
}
