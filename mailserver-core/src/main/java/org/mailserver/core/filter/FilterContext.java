package org.mailserver.core.filter;

import java.net.InetAddress;
import java.util.List;
import org.mailserver.core.delivery.MessageSource;

/**
 * What filters know about the session at their stage; later fields are null before their stage.
 *
 * @param client the client's address
 * @param helo the HELO/EHLO name (null at CONNECT)
 * @param authenticatedUser the login of an authenticated session, else null
 * @param sender the envelope sender, {@code ""} for the null sender (null before MAIL)
 * @param recipient the recipient being checked (RCPT stage only)
 * @param recipients the accepted recipients so far (empty before RCPT)
 * @param message the complete message as received, before our trace headers (DATA stage only)
 * @param queueId the transaction's queue id (null before MAIL)
 */
public record FilterContext(InetAddress client, String helo, String authenticatedUser, String sender, String recipient,
                            List<String> recipients, MessageSource message, String queueId) {
    public FilterContext {
        recipients = List.copyOf(recipients);
    }
}
