package org.mailserver.smtp.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.mailserver.core.delivery.MessageSource;

/** A small message the server writes itself (an auto-reply), held in memory. */
record BytesMessage(byte[] bytes) implements MessageSource {
    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public InputStream open() {
        return new ByteArrayInputStream(bytes);
    }
}
