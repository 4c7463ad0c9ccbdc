package org.mailserver.smtp.client;

/**
 * Told the final reply of one LMTP recipient as soon as it is read, on the delivering thread,
 * before the client reads the next one (RFC 2033 4.2: one reply per accepted recipient after the
 * data). A recipient whose reply was reported here is done even if the connection then fails.
 */
@FunctionalInterface
public interface LmtpReplyListener {

    /** @param recipient the index in {@link OutboundMessage#recipients()} */
    void finalReply(int recipient, ClientReply reply);
}
