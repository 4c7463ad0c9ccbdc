package org.mailserver.smtp.client;

import java.util.List;

/**
 * What the server said about each recipient of one transaction, in the order given.
 *
 * @param replies one final reply per recipient: 2xx delivered, 4xx try again, 5xx bounce
 * @param dsnSupported the server announced DSN, so NOTIFY=SUCCESS travels on ("relayed" otherwise)
 * @param remoteMta the server's name for Remote-MTA in a DSN
 */
public record TransactionResult(List<ClientReply> replies, boolean dsnSupported, String remoteMta) {
    public TransactionResult {
        replies = List.copyOf(replies);
    }
}
