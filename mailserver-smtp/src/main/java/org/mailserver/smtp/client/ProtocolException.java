package org.mailserver.smtp.client;

import java.io.IOException;

/** The server broke the reply grammar; the connection cannot be trusted any more (treated as transient). */
public final class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
