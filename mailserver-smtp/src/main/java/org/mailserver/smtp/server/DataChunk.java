package org.mailserver.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of message data as received after DATA, already dot-unstuffed, CRLF line ends kept.
 * Emitted by {@link SmtpDecoder}; the receiver releases it.
 */
public final class DataChunk extends DefaultByteBufHolder {
    public DataChunk(ByteBuf content) {
        super(content);
    }
}
