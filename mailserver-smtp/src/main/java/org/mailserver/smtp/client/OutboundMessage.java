package org.mailserver.smtp.client;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.delivery.QueueEnvelope;

/**
 * One message to hand to a server in one transaction.
 *
 * @param sender the envelope sender, empty for {@code <>}
 * @param recipients the recipients for this server, in RCPT order
 * @param envid {@code ENVID} to pass on when the server supports DSN (RFC 3461 4.4)
 * @param ret {@code RET} to pass on
 * @param eightBit send {@code BODY=8BITMIME} (RFC 6152)
 * @param smtputf8 the message needs {@code SMTPUTF8} (RFC 6531)
 * @param content the message, CRLF line ends, not dot-stuffed
 */
public record OutboundMessage(String sender, List<Recipient> recipients, Optional<String> envid,
                              QueueEnvelope.Ret ret, boolean eightBit, boolean smtputf8, MessageSource content) {

    public OutboundMessage {
        recipients = List.copyOf(recipients);
    }

    /** A recipient with its DSN parameters (RFC 3461 4.1, 4.2). */
    public record Recipient(String address, Set<QueueEnvelope.Notify> notifyOn, Optional<String> orcpt) {
        public Recipient {
            notifyOn = Set.copyOf(notifyOn);
        }
    }
}
