package org.mailserver.core.delivery;

import org.mailserver.core.directory.User;

/**
 * Puts a message into a local user's mailbox. Implemented by the mailstore, used by LMTP and SMTP.
 *
 * <p>Threading: both methods block (file I/O, fsync); call them on the blocking executor only.
 * Thread-safe, also for concurrent deliveries to one mailbox.
 */
public interface LocalDelivery {

    /**
     * Checks, before DATA, whether a message of {@code size} octets (0 when unknown) would fit the
     * user's quota. Returns null when it fits, else the over-quota result to answer at RCPT.
     */
    DeliveryResult.OverQuota checkQuota(User user, long size);

    /**
     * Delivers one copy into the user's INBOX: {@code prefix} (trace headers for this recipient,
     * CRLF-terminated lines) followed by the message. Returns only once the copy is durable or has
     * been removed again.
     */
    DeliveryResult deliver(User user, byte[] prefix, MessageSource message);
}
