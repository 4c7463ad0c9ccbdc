package org.mailserver.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import org.mailserver.core.transport.LineDecoder;

/**
 * Frames SMTP/LMTP input on the event loop, in two modes.
 *
 * <p>Command mode emits one {@link String} per line (CRLF or bare LF stripped, UTF-8), or
 * {@link LineDecoder#TOO_LONG} once for a line over {@code maxLineLength} octets, whose rest is then
 * skipped (RFC 5321 4.5.3.1.4: 512 octets with CRLF; the session answers 500 5.5.2 and goes on).
 *
 * <p>Data mode, entered by {@link #startData()} after the 354 reply, emits {@link DataChunk}s,
 * dot-unstuffed (RFC 5321 4.5.2), and one {@link DataEnd} at {@code CRLF.CRLF}, then returns to
 * command mode by itself. A line start is only ever the octet after a CRLF: after a bare LF or CR
 * no {@code .} can end the data, so {@code \n.\n} or {@code \n.\r\n} never do, and the end carries
 * {@code bareLineEnd} so the message is refused (the SMTP smuggling defence). Data is never
 * collected into lines: a long line streams through in chunks.
 *
 * <p>Chunk mode, entered by {@link #startChunk(long)} after a {@code BDAT} line (RFC 3030 2), emits
 * exactly that many octets as {@link DataChunk}s, untouched (no dot-unstuffing, no line-end checks:
 * BDAT data may be binary), then one {@link ChunkEnd}, and returns to command mode by itself.
 *
 * <p>Unlike a {@link ByteToMessageDecoder} it can be paused: while the session runs a command off
 * the event loop it calls {@link #pause()} (with auto-read off), so pipelined input stays here
 * undecoded, keeps its order and cannot be misread in the wrong mode; {@link #resume()} goes on.
 * All methods are called on the channel's event loop.
 */
public final class SmtpDecoder extends ChannelInboundHandlerAdapter {
    private enum DataState { LINE_START, DOT, DOT_CR, IN_LINE, CR }

    /** RFC 4954 4: a SASL response line may be up to 12288 octets with its CRLF. */
    public static final int SASL_LINE_LIMIT = 12288;

    private final int commandLineLimit;
    private int maxLineLength;
    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private boolean dataMode;
    private DataState dataState;
    private boolean bareLineEnd;
    private boolean discardingLine;
    private boolean paused;
    private boolean draining;
    /** Octets of the current BDAT chunk still to come; -1 outside chunk mode. */
    private long chunkRemaining = -1;

    public SmtpDecoder(int maxLineLength) {
        this.commandLineLimit = maxLineLength;
        this.maxLineLength = maxLineLength;
    }

    /**
     * While an AUTH exchange runs (after a 334), lines are SASL responses of up to
     * {@link #SASL_LINE_LIMIT} octets (RFC 4954 4), never less than the command limit; false
     * restores the command limit. A line longer than the limit in force is one
     * {@link LineDecoder#TOO_LONG}, and its rest is skipped whatever the limit is then.
     */
    public void saslResponses(boolean on) {
        maxLineLength = on ? Math.max(SASL_LINE_LIMIT, commandLineLimit) : commandLineLimit;
    }

    /** Switches to data mode: the next octets are message content (call after writing 354). */
    public void startData() {
        dataMode = true;
        dataState = DataState.LINE_START;
        bareLineEnd = false;
    }

    /** Switches to chunk mode: the next {@code size} octets are message content, then a {@link ChunkEnd}. */
    public void startChunk(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative chunk size");
        }
        chunkRemaining = size;
    }

    /** Stops emitting until {@link #resume()}; input keeps accumulating (turn auto-read off too). */
    public void pause() {
        paused = true;
    }

    /** Emits what was held back, then goes on with new input. */
    public void resume() {
        paused = false;
        drain();
    }

    public boolean isPaused() {
        return paused;
    }

    /** Drops everything received and not yet emitted (RFC 3207 4.2: plaintext after STARTTLS). */
    public void discardBuffered() {
        if (cumulation != null) {
            cumulation.skipBytes(cumulation.readableBytes());
        }
        discardingLine = false;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseCumulation();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseCumulation();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf in = (ByteBuf) msg;
        cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(),
                cumulation == null ? Unpooled.EMPTY_BUFFER : cumulation, in);
        drain();
    }

    private void drain() {
        if (draining) {
            return; // re-entered from a handler: the loop below goes on
        }
        draining = true;
        try {
            while (!paused && ctx.channel().isOpen()) {
                Object out;
                if (chunkRemaining == 0) {
                    chunkRemaining = -1; // the end of a chunk needs no input: BDAT 0 LAST, or the last octet read
                    out = new ChunkEnd();
                } else if (cumulation == null || !cumulation.isReadable()) {
                    break;
                } else if (chunkRemaining > 0) {
                    out = decodeChunk(cumulation);
                } else {
                    out = dataMode ? decodeData(cumulation) : decodeLine(cumulation);
                }
                if (out == null) {
                    break;
                }
                ctx.fireChannelRead(out);
            }
        } finally {
            draining = false;
            if (cumulation != null && !cumulation.isReadable()) {
                releaseCumulation();
            } else if (cumulation != null && cumulation.refCnt() == 1) {
                cumulation.discardSomeReadBytes();
            }
        }
    }

    private Object decodeLine(ByteBuf in) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (discardingLine) {
            in.readerIndex(lf < 0 ? in.writerIndex() : lf + 1);
            discardingLine = lf < 0;
            return discardingLine ? null : decodeLineOrNull(in);
        }
        if (lf < 0) {
            if (in.readableBytes() > maxLineLength) {
                in.skipBytes(in.readableBytes());
                discardingLine = true;
                return LineDecoder.TOO_LONG;
            }
            return null;
        }
        if (lf + 1 - in.readerIndex() > maxLineLength) {
            in.readerIndex(lf + 1);
            return LineDecoder.TOO_LONG;
        }
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.UTF_8);
        in.readerIndex(lf + 1);
        return line;
    }

    /** Up to the rest of the chunk, as it is (RFC 3030 2: no transparency procedure). */
    private Object decodeChunk(ByteBuf in) {
        int n = (int) Math.min(chunkRemaining, in.readableBytes());
        chunkRemaining -= n;
        return chunk(in, in.readerIndex(), in.readerIndex() + n);
    }

    private Object decodeLineOrNull(ByteBuf in) {
        return in.isReadable() ? decodeLine(in) : null;
    }

    /** One chunk of unstuffed content, a {@link DataEnd}, or null when more input is needed. */
    private Object decodeData(ByteBuf in) {
        int i = in.readerIndex();
        int runStart = i;
        int end = in.writerIndex();
        while (i < end) {
            byte b = in.getByte(i);
            switch (dataState) {
                case LINE_START:
                    if (b != '.') {
                        dataState = DataState.IN_LINE;
                        continue; // the same octet, read as line content
                    }
                    if (i > runStart) {
                        return chunk(in, runStart, i); // emit what precedes the dot first
                    }
                    dataState = DataState.DOT;
                    runStart = ++i; // the first dot is never content (RFC 5321 4.5.2)
                    break;
                case DOT:
                    if (b == '\r') {
                        dataState = DataState.DOT_CR;
                        runStart = ++i;
                    } else {
                        dataState = DataState.IN_LINE; // ".x": the dot was stuffing
                    }
                    break;
                case DOT_CR:
                    if (b == '\n') {
                        in.readerIndex(i + 1);
                        dataMode = false;
                        return new DataEnd(bareLineEnd);
                    }
                    // ".\r" then something else: a bare CR; the message is refused, so the CR may go
                    bareLineEnd = true;
                    dataState = DataState.IN_LINE;
                    break;
                case IN_LINE:
                    int j = in.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
                    if (j < 0) {
                        i = end;
                        break;
                    }
                    if (in.getByte(j) == '\r') {
                        dataState = DataState.CR;
                    } else {
                        bareLineEnd = true; // a bare LF, and no line start after it
                    }
                    i = j + 1;
                    break;
                case CR:
                    if (b == '\n') {
                        dataState = DataState.LINE_START;
                    } else {
                        bareLineEnd = true; // a bare CR
                        dataState = b == '\r' ? DataState.CR : DataState.IN_LINE;
                    }
                    i++;
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        if (i > runStart) {
            return chunk(in, runStart, i);
        }
        in.readerIndex(i);
        return null;
    }

    private static DataChunk chunk(ByteBuf in, int from, int to) {
        DataChunk c = new DataChunk(in.retainedSlice(from, to - from));
        in.readerIndex(to);
        return c;
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
