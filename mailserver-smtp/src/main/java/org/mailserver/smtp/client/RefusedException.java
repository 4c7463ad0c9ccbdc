package org.mailserver.smtp.client;

/** The server refused the session (greeting, EHLO/HELO, LHLO); {@link #reply()} says whether for now or for good. */
public final class RefusedException extends Exception {
    private final transient ClientReply reply;

    public RefusedException(ClientReply reply) {
        super(reply.summary());
        this.reply = reply;
    }

    public ClientReply reply() {
        return reply;
    }
}
