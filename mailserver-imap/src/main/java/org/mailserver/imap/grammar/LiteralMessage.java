package org.mailserver.imap.grammar;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.mailserver.core.delivery.MessageSource;

/** An APPEND message that came as an ordinary in-memory literal rather than a spooled one. */
final class LiteralMessage implements MessageSource {
    private final byte[] bytes;

    LiteralMessage(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public InputStream open() {
        return new ByteArrayInputStream(bytes);
    }
}
