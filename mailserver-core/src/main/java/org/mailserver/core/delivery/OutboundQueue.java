package org.mailserver.core.delivery;

import java.io.IOException;

/**
 * The durable outbound queue: messages for remote recipients, forwards, auto-replies, bounces, and
 * local copies whose delivery must be retried later.
 *
 * <p>Threading: {@link #enqueue} blocks (file I/O, fsync): call it on the blocking executor only.
 * Thread-safe.
 *
 * <p>Contract: when {@code enqueue} returns, the message and its envelope are on disk and fsync'd
 * (file and directory), so a crash cannot lose them, and the queue will deliver each recipient once
 * or bounce it (RFC 3464 DSN to the envelope sender, never to the null sender).
 */
public interface OutboundQueue {

    /**
     * Stores {@code prefix} (trace headers, CRLF-terminated lines, may be empty) followed by the
     * message for the envelope's recipients. Returns the queue id under which it is kept (the
     * envelope's id when it has one, else a new one).
     *
     * @throws IOException when it could not be made durable (the caller answers 4xx); nothing
     *     partial stays behind
     */
    String enqueue(QueueEnvelope envelope, byte[] prefix, MessageSource message) throws IOException;
}
