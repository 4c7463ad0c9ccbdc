package org.mailserver.imap.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.mailserver.core.delivery.DiskFull;
import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.transport.CommandIdleHandler;
import org.mailserver.imap.grammar.CommandLine;
import org.mailserver.imap.grammar.Segment;

/**
 * Frames IMAP input into commands on the event loop: emits an {@link ImapFrame} per command, or a
 * {@link FrameError} where a command cannot be framed. All methods run on the channel's event loop.
 *
 * <p>A command is a line (CRLF, or a bare LF) that may end by announcing a literal, {@code {n}} or
 * the non-synchronising {@code {n+}} (RFC 3501 4.3, RFC 7888); after the n octets the command goes on
 * with the next line. For {@code {n}} the decoder itself writes and flushes {@code + Ready for literal}
 * (RFC 3501 7.5) before reading the octets, unless it refuses them.
 *
 * <p>In an APPEND (a first line {@code tag APPEND ...}), every literal but the mailbox name is a
 * message (RFC 3501 6.3.11: the flags and date-time that may come between cannot be literals); the
 * mailbox name is the literal of a first line {@code tag APPEND {n}}. Messages are streamed into a
 * {@link SpooledMessage} (to a file past {@code spoolThreshold}) and emitted, finished, as
 * {@link Segment.Message}; when the spool lags, reading stops until it has caught up. Every other
 * literal is kept in memory as a {@link Segment.Literal}.
 *
 * <p>Limits, each answered with a {@link FrameError} and never by buffering what is refused:
 * <ul>
 * <li>a line over {@code maxLineLength} octets (CRLF included) is skipped to its end: "line too long";
 * <li>a literal over {@code maxLiteral}, or a command whose lines and literals together exceed
 *     {@code maxLineLength + maxLiteral}, is refused with {@code [TOOBIG]}, as is an APPEND message over
 *     {@code appendLimit} (RFC 7889 4) and, with LITERAL-, a non-synchronising literal over 4096 octets
 *     (RFC 7888 5);
 * <li>a refused {@code {n}} gets no continuation, so the client sends no octets and the command ends
 *     there (RFC 3501 7.5); a refused {@code {n+}} is already on its way (RFC 7888 4): its octets, of any
 *     size, are read and dropped without being kept, with the rest of the command, before the error;
 * <li>a literal count that is not a number or overflows is an error; for {@code {n+}} it is fatal
 *     ({@link FrameError#close()}): nothing tells where the literal ends, and reading its octets as
 *     commands would let a client smuggle them in.
 * </ul>
 *
 * <p>Flow: {@link #pause()} stops emitting (input stays here, undecoded); auto-read is turned off
 * while a spool lags or a message is being finished, and back on when that is over if the decoder was
 * the one that turned it off. The channel closing, the decoder being removed, or
 * {@link #discardBuffered()}, discards a message being received and whatever input is held.
 */
public final class ImapDecoder extends ChannelInboundHandlerAdapter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImapDecoder.class);
    private enum State { LINE, LITERAL, MESSAGE, SKIP_LINE, SKIP_LITERAL, CLOSED }

    private static final byte[] CONTINUATION = "+ Ready for literal\r\n".getBytes(StandardCharsets.US_ASCII);
    /** RFC 7888 5: the largest non-synchronising literal under LITERAL-. */
    static final int LITERAL_MINUS_LIMIT = 4096;
    /** What each segment of a command is counted for against the command limit, beyond its octets. */
    private static final int SEGMENT_COST = 16;
    /** The end of a skipped line kept to see whether it announces a literal: {@code {} 19 digits {@code +}} CR. */
    private static final int TAIL = 32;
    /** What an in-memory literal is given before its octets arrive; it doubles as they do. */
    private static final int LITERAL_CHUNK = 4096;

    private final int maxLiteral;
    private final long appendLimit;
    private final boolean literalMinus;
    private final Path spoolDir;
    private final int spoolThreshold;
    private final BlockingExecutor executor;
    private int maxLineLength;

    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private State state = State.LINE;
    private byte[] line = new byte[256];
    private int lineLength;
    private final byte[] tail = new byte[TAIL];
    private int tailLength;
    private boolean tailTruncated;

    // the command being read
    private List<Segment> segments = new ArrayList<>();
    private List<CompletableFuture<Void>> finishing = new ArrayList<>();
    private String tag;
    private boolean append;
    private long memory;
    private byte[] literal;
    private int literalFilled;
    private SpooledMessage spool;
    private long remaining;
    private FrameError refusal;

    private boolean paused;
    private boolean spoolLagging;
    private boolean finishingFrame;
    private boolean autoReadOffByUs;
    private boolean draining;
    private boolean gone;

    /** A decoder for a server that announces LITERAL+ (no size limit of its own on {@code {n+}}). */
    public ImapDecoder(int maxLineLength, int maxLiteral, long appendLimit, Path spoolDir, int spoolThreshold,
                       BlockingExecutor executor) {
        this(maxLineLength, maxLiteral, appendLimit, false, spoolDir, spoolThreshold, executor);
    }

    /**
     * @param maxLineLength the longest line, CRLF included
     * @param maxLiteral the largest literal kept in memory (all but APPEND messages)
     * @param appendLimit the largest APPEND message (RFC 7889 APPENDLIMIT)
     * @param literalMinus whether the server announces LITERAL- rather than LITERAL+ (RFC 7888 5)
     * @param spoolDir where large APPEND messages are spooled
     * @param spoolThreshold octets of a message kept in memory before it goes to a spool file
     * @param executor the pool the spool files are written on
     */
    public ImapDecoder(int maxLineLength, int maxLiteral, long appendLimit, boolean literalMinus, Path spoolDir,
                       int spoolThreshold, BlockingExecutor executor) {
        this.maxLineLength = checked(maxLineLength);
        this.maxLiteral = maxLiteral;
        this.appendLimit = appendLimit;
        this.literalMinus = literalMinus;
        this.spoolDir = spoolDir;
        this.spoolThreshold = spoolThreshold;
        this.executor = executor;
    }

    private static int checked(int maxLineLength) {
        if (maxLineLength < 2) {
            throw new IllegalArgumentException("line limit must be at least 2 octets: " + maxLineLength);
        }
        return maxLineLength;
    }

    /** Sets the line limit for lines not read yet (a long SASL response, say). */
    public void setMaxLineLength(int maxLineLength) {
        this.maxLineLength = checked(maxLineLength);
    }

    /** Stops emitting until {@link #resume()}; input stays here undecoded (turn auto-read off too). */
    public void pause() {
        paused = true;
    }

    /** Decodes what was held back, then goes on with new input. */
    public void resume() {
        paused = false;
        drain();
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * Drops everything received and not yet emitted, a command half read included: STARTTLS (RFC 3501
     * 6.2.1, RFC 2595 3.1), where plaintext pipelined after the command could be an injection.
     */
    public void discardBuffered() {
        if (cumulation != null) {
            cumulation.skipBytes(cumulation.readableBytes());
        }
        abandonCommand();
        if (state != State.CLOSED) {
            state = State.LINE;
        }
        lineLength = 0;
    }

    /** Input buffered and not decoded yet, for tests. */
    int buffered() {
        return (cumulation == null ? 0 : cumulation.readableBytes()) + lineLength;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        shutdown();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        shutdown();
        super.channelInactive(ctx);
    }

    private void shutdown() {
        gone = true;
        abandonCommand();
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (gone || state == State.CLOSED) {
            in.release();
            return;
        }
        cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(),
                cumulation == null ? Unpooled.EMPTY_BUFFER : cumulation, in);
        if (spoolLagging || finishingFrame) {
            stopReading(); // someone turned reading back on meanwhile
        }
        drain();
    }

    private void drain() {
        if (draining) {
            return; // re-entered from the session: the loop below goes on
        }
        draining = true;
        try {
            while (!paused && !spoolLagging && !finishingFrame && !gone && state != State.CLOSED
                    && cumulation != null && cumulation.isReadable()) {
                switch (state) {
                    case LINE -> readLine(cumulation);
                    case LITERAL -> {
                        CommandIdleHandler.progress(ctx.channel()); // a literal is activity, a skipped one not
                        readLiteral(cumulation);
                    }
                    case MESSAGE -> {
                        CommandIdleHandler.progress(ctx.channel());
                        readMessage(cumulation);
                    }
                    case SKIP_LINE -> skipLine(cumulation);
                    case SKIP_LITERAL -> skipLiteral(cumulation);
                    default -> throw new IllegalStateException(state.name());
                }
            }
        } finally {
            draining = false;
            if (cumulation != null && !cumulation.isReadable()) {
                cumulation.release();
                cumulation = null;
            } else if (cumulation != null && cumulation.refCnt() == 1) {
                cumulation.discardSomeReadBytes();
            }
        }
    }

    // --- lines ---

    private void readLine(ByteBuf in) {
        int r = in.readerIndex();
        int lf = in.indexOf(r, in.writerIndex(), (byte) '\n');
        int n = (lf < 0 ? in.writerIndex() : lf) - r;
        int length = lineLength + n + (lf < 0 ? 0 : 1);
        // a line after a literal also counts against what the whole command may hold
        long limit = segments.isEmpty() ? maxLineLength
                : Math.min(maxLineLength, maxLineLength + (long) maxLiteral - memory - SEGMENT_COST);
        if (length > limit) {
            // keep what fits, for the tag and the tail, and skip the rest of the line unread
            int kept = (int) Math.max(0, Math.min(n, limit - lineLength));
            appendLine(in, r, kept);
            in.skipBytes(kept);
            String t = segments.isEmpty() ? CommandLine.tag(line, lineLength) : tag;
            refuse(t, limit < maxLineLength ? "command too long" : "line too long");
            startSkipping(line, lineLength);
            lineLength = 0;
            state = State.SKIP_LINE;
            return;
        }
        appendLine(in, r, n);
        if (lf < 0) {
            in.skipBytes(n);
            return;
        }
        in.readerIndex(lf + 1);
        int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        byte[] bytes = Arrays.copyOf(line, end);
        lineLength = 0;
        if (line.length > 4 * 1024) {
            line = new byte[256]; // a long line is rare: do not keep its buffer
        }
        lineDone(bytes);
    }

    private void appendLine(ByteBuf in, int from, int n) {
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + n, 2 * line.length));
        }
        in.getBytes(from, line, lineLength, n);
        lineLength += n;
    }

    private void lineDone(byte[] bytes) {
        boolean first = segments.isEmpty();
        if (first) {
            tag = CommandLine.tag(bytes, bytes.length);
            append = CommandLine.isAppend(bytes, bytes.length);
            memory = 0;
        }
        memory += bytes.length + SEGMENT_COST;
        CommandLine.Literal announced = CommandLine.literal(bytes, bytes.length, false);
        if (announced == null) {
            segments.add(new Segment.Text(bytes));
            emitCommand();
            return;
        }
        if (!announced.valid()) {
            FrameError error = new FrameError(tag, "invalid literal size", !announced.sync());
            abandonCommand();
            if (announced.sync()) {
                emit(error);
            } else {
                close(error);
            }
            return;
        }
        boolean message = append && !(first && CommandLine.appendMailboxIsLiteral(bytes, bytes.length));
        String tooBig = tooBig(announced, message);
        if (tooBig != null) {
            refuse(tag, tooBig);
            afterRefusedLine(announced);
            return;
        }
        segments.add(new Segment.Text(bytes));
        if (announced.sync()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CONTINUATION)); // RFC 3501 7.5
        }
        remaining = announced.size();
        if (message) {
            spool = new SpooledMessage(spoolDir, spoolThreshold, executor);
            state = State.MESSAGE;
            if (remaining == 0) {
                messageDone();
            }
        } else {
            memory += remaining + SEGMENT_COST;
            // grown as the octets come: an announced {n} alone must not cost n octets of heap
            literal = new byte[(int) Math.min(remaining, LITERAL_CHUNK)];
            literalFilled = 0;
            state = State.LITERAL;
            if (remaining == 0) {
                literalDone();
            }
        }
    }

    /** Why the literal is refused, as the error text, or null when it is accepted. */
    private String tooBig(CommandLine.Literal announced, boolean message) {
        long n = announced.size();
        if (literalMinus && !announced.sync() && n > LITERAL_MINUS_LIMIT) {
            return "[TOOBIG] a non-synchronizing literal may have at most " + LITERAL_MINUS_LIMIT + " octets";
        }
        if (message) {
            return n > appendLimit ? "[TOOBIG] the message is larger than the APPENDLIMIT of " + appendLimit
                    + " octets" : null;
        }
        if (n > maxLiteral) {
            return "[TOOBIG] a literal may have at most " + maxLiteral + " octets";
        }
        return memory + n + SEGMENT_COST > maxLineLength + (long) maxLiteral ? "[TOOBIG] command too long" : null;
    }

    // --- literals ---

    private void readLiteral(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        if (literalFilled + n > literal.length) {
            long size = literalFilled + remaining;
            literal = Arrays.copyOf(literal, (int) Math.min(size, Math.max(literalFilled + n, 2L * literal.length)));
        }
        in.readBytes(literal, literalFilled, n);
        literalFilled += n;
        remaining -= n;
        if (remaining == 0) {
            literalDone();
        }
    }

    private void literalDone() {
        segments.add(new Segment.Literal(literal));
        literal = null;
        state = State.LINE;
    }

    private void readMessage(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        boolean lagging = spool.append(in.slice(in.readerIndex(), n));
        in.skipBytes(n);
        remaining -= n;
        if (remaining == 0) {
            messageDone();
        } else if (lagging) {
            spoolLagging = true;
            stopReading();
            spool.drained().whenComplete((v, e) -> ctx.executor().execute(() -> {
                spoolLagging = false;
                if (!gone) {
                    resumeReading();
                    drain();
                }
            }));
        }
    }

    private void messageDone() {
        finishing.add(spool.finish());
        segments.add(new Segment.Message(spool));
        spool = null;
        state = State.LINE;
    }

    // --- refused commands ---

    /** Drops the command read so far; {@code text} will be the answer once the rest of it is skipped. */
    private void refuse(String t, String text) {
        abandonCommand();
        refusal = new FrameError(t, text, false);
    }

    private void startSkipping(byte[] from, int length) {
        int n = Math.min(length, TAIL);
        System.arraycopy(from, length - n, tail, 0, n);
        tailLength = n;
        tailTruncated = length > TAIL;
    }

    private void skipLine(ByteBuf in) {
        int r = in.readerIndex();
        int lf = in.indexOf(r, in.writerIndex(), (byte) '\n');
        int end = lf < 0 ? in.writerIndex() : lf;
        int n = Math.min(end - r, TAIL);
        if (tailLength + n > TAIL) {
            int drop = tailLength + n - TAIL;
            System.arraycopy(tail, drop, tail, 0, tailLength - drop);
            tailLength -= drop;
            tailTruncated = true;
        }
        tailTruncated |= end - r > TAIL;
        in.getBytes(end - n, tail, tailLength, n);
        tailLength += n;
        if (lf < 0) {
            in.readerIndex(end);
            return;
        }
        in.readerIndex(lf + 1);
        int length = tailLength > 0 && tail[tailLength - 1] == '\r' ? tailLength - 1 : tailLength;
        afterRefusedLine(CommandLine.literal(tail, length, tailTruncated));
    }

    /**
     * The command being refused goes on after a {@code {n+}}: those octets come whatever the answer,
     * and the line after them (RFC 7888 4). After any other line it is over, as a client sends no
     * synchronising literal before our continuation (RFC 3501 7.5): then the refusal is answered.
     */
    private void afterRefusedLine(CommandLine.Literal announced) {
        if (announced != null && !announced.sync()) {
            if (!announced.valid()) {
                close(new FrameError(refusal.tag(), "invalid literal size", true));
                return;
            }
            remaining = announced.size();
            state = State.SKIP_LITERAL;
            return;
        }
        FrameError error = refusal;
        refusal = null;
        state = State.LINE;
        emit(error);
    }

    private void skipLiteral(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        in.skipBytes(n);
        remaining -= n;
        if (remaining == 0) {
            tailLength = 0;
            tailTruncated = false;
            state = State.SKIP_LINE;
        }
    }

    // --- emitting ---

    private void emitCommand() {
        ImapFrame frame = new ImapFrame(segments);
        String t = tag;
        List<CompletableFuture<Void>> pending = finishing;
        segments = new ArrayList<>();
        finishing = new ArrayList<>();
        tag = null;
        append = false;
        memory = 0;
        CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
        if (all.isDone()) {
            Throwable error = null;
            if (all.isCompletedExceptionally()) {
                try {
                    all.join();
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            finished(frame, t, error);
            return;
        }
        // the spool files are being written and closed: the command waits for them, and so does input
        finishingFrame = true;
        stopReading();
        all.whenComplete((v, e) -> ctx.executor().execute(() -> {
            finishingFrame = false;
            finished(frame, t, e);
            resumeReading();
            drain();
        }));
    }

    private void finished(ImapFrame frame, String t, Throwable error) {
        if (gone || error != null) {
            discardMessages(frame.segments());
        }
        if (gone) {
            return;
        }
        if (error != null) {
            // the literal could not be spooled (RFC 5530 UNAVAILABLE: the server's disk, not the user's quota)
            LOG.warn("imap: spooling a literal into {} failed: {}", spoolDir, error.toString());
            emit(new FrameError(t, DiskFull.is(error) ? AppendProcessor.DISK_FULL
                    : "[UNAVAILABLE] the message could not be stored, try again later", false));
            return;
        }
        emit(frame);
    }

    private void emit(Object out) {
        ctx.fireChannelRead(out);
    }

    private void close(FrameError error) {
        state = State.CLOSED;
        if (cumulation != null) {
            cumulation.skipBytes(cumulation.readableBytes());
        }
        emit(error);
    }

    /** Forgets the command being read, discarding its messages. */
    private void abandonCommand() {
        if (spool != null) {
            spool.discard();
            spool = null;
        }
        discardMessages(segments);
        segments = new ArrayList<>();
        finishing = new ArrayList<>();
        literal = null;
        refusal = null;
        tag = null;
        append = false;
        memory = 0;
        remaining = 0;
    }

    private static void discardMessages(List<Segment> segments) {
        for (Segment s : segments) {
            if (s instanceof Segment.Message m && m.message() instanceof SpooledMessage spooled) {
                spooled.discard();
            }
        }
    }

    /**
     * Whether the decoder has turned reading off itself (a spool lagging behind, a message being
     * finished): the session must not turn it back on meanwhile.
     */
    public boolean holdsReads() {
        return autoReadOffByUs;
    }

    private void stopReading() {
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            autoReadOffByUs = true;
        }
    }

    private void resumeReading() {
        if (autoReadOffByUs && !spoolLagging && !finishingFrame && !gone) {
            autoReadOffByUs = false;
            ctx.channel().config().setAutoRead(true);
        }
    }
}
