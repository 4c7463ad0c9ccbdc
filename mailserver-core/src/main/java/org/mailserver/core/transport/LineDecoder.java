package org.mailserver.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits input into command lines of at most {@code maxLength} octets (terminator included).
 *
 * <p>Emits a {@link String} per line, without its CRLF (a bare LF also ends a line, as most servers
 * accept), decoded as UTF-8. A longer line emits {@link #TOO_LONG} once, and its remaining octets up
 * to the next LF are discarded, so the session can answer with a protocol error and go on.
 *
 * <p>{@link #discardBuffered()} drops everything received but not yet decoded: used when STARTTLS
 * or STLS is accepted, since any plaintext pipelined after it is an injection (RFC 3207 4.2).
 *
 * <p>{@link #setMaxLength(int)} changes the limit for the lines not decoded yet: a POP3 or SMTP AUTH
 * exchange accepts SASL responses longer than a command line (RFC 5034 4, RFC 4954 4).
 */
public final class LineDecoder extends ByteToMessageDecoder {
    /** Emitted in place of a line that exceeded the limit. */
    public static final Object TOO_LONG = new Object() {
        @Override
        public String toString() {
            return "LINE_TOO_LONG";
        }
    };

    private int maxLength;
    private boolean discarding;

    public LineDecoder(int maxLength) {
        this.maxLength = checked(maxLength);
    }

    /**
     * Sets the limit (octets, terminator included) for the lines decoded from now on; lines already
     * decoded and passed on are not affected. Call it from the handler, on the event loop.
     */
    public void setMaxLength(int maxLength) {
        this.maxLength = checked(maxLength);
    }

    public int maxLength() {
        return maxLength;
    }

    private static int checked(int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("line limit must be at least 2 octets: " + maxLength);
        }
        return maxLength;
    }

    /** Drops the input received but not yet decoded. Call it from the handler, on the event loop. */
    public void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
        discarding = false;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (discarding) {
            if (lf < 0) {
                in.skipBytes(in.readableBytes());
            } else {
                in.readerIndex(lf + 1);
                discarding = false;
            }
            return;
        }
        if (lf < 0) {
            if (in.readableBytes() > maxLength) {
                in.skipBytes(in.readableBytes());
                discarding = true;
                out.add(TOO_LONG);
            }
            return;
        }
        int length = lf + 1 - in.readerIndex();
        if (length > maxLength) {
            in.readerIndex(lf + 1);
            out.add(TOO_LONG);
            return;
        }
        int end = lf;
        if (end > in.readerIndex() && in.getByte(end - 1) == '\r') {
            end--;
        }
        String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.UTF_8);
        in.readerIndex(lf + 1);
        out.add(line);
    }
}
