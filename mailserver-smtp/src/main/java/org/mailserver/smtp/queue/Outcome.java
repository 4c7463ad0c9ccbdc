package org.mailserver.smtp.queue;

import org.mailserver.smtp.client.ClientReply;

/**
 * What one attempt did for one recipient.
 *
 * @param reply the reply (the server's, or one made up for a local failure)
 * @param remoteMta the server that answered, empty when none did
 * @param protocol for the mail log: smtp, lmtp or local
 * @param dsnAction for a 2xx: delivered, relayed or passed (see {@link QueuedRecipient#action()})
 */
record Outcome(ClientReply reply, String remoteMta, String protocol, String dsnAction) {

    static Outcome defer(String protocol, String status, String text) {
        return new Outcome(ClientReply.local(451, status, text), "", protocol, "");
    }

    static Outcome bounce(String protocol, int code, String status, String text) {
        return new Outcome(ClientReply.local(code, status, text), "", protocol, "");
    }
}
