package org.mailserver.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mailserver.core.delivery.QueueEnvelope;

/**
 * The commands of one mail transaction (RFC 5321 3.3), one at a time: MAIL with SIZE, BODY,
 * SMTPUTF8 and DSN parameters as the server supports them, RCPT per recipient, DATA when at least
 * one recipient was accepted, then the final reply (one per accepted recipient for LMTP, RFC 2033
 * 4.2). Checks made before MAIL (size, SMTPUTF8) answer with replies the client makes up.
 */
final class ClientTransaction {
    private final SmtpConnection c;
    private final OutboundMessage m;
    private final LmtpReplyListener listener;

    ClientTransaction(SmtpConnection c, OutboundMessage m, LmtpReplyListener listener) {
        this.c = c;
        this.m = m;
        this.listener = listener;
    }

    TransactionResult run() throws IOException {
        Extensions ext = c.extensions();
        boolean dsn = ext.has("DSN");
        int n = m.recipients().size();
        ClientReply[] replies = new ClientReply[n];
        long size = m.content().size();
        // RFC 1870 6: do not send a message the server said it would not take
        if (ext.maxSize() > 0 && size > ext.maxSize()) {
            return all(ClientReply.local(552, "5.3.4", "message size " + size + " exceeds the limit of "
                    + c.serverName() + " (" + ext.maxSize() + ")"), dsn);
        }
        // RFC 6531 3.2: an internationalised message may not go to a server without SMTPUTF8
        if (m.smtputf8() && !ext.has("SMTPUTF8")) {
            return all(ClientReply.local(553, "5.6.7", c.serverName() + " does not support SMTPUTF8"), dsn);
        }
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(m.sender()).append('>');
        if (ext.has("SIZE")) {
            mail.append(" SIZE=").append(size);
        }
        // RFC 6152 3: BODY=8BITMIME when the server announced it; without it the message is sent
        // as it is, as Postfix does by default (no 8bit-to-7bit conversion here)
        if (m.eightBit() && ext.has("8BITMIME")) {
            mail.append(" BODY=8BITMIME");
        }
        if (m.smtputf8()) {
            mail.append(" SMTPUTF8");
        }
        if (dsn) { // RFC 3461 4.3, 4.4
            if (m.ret() != QueueEnvelope.Ret.UNSPECIFIED) {
                mail.append(" RET=").append(m.ret());
            }
            m.envid().ifPresent(e -> mail.append(" ENVID=").append(XtextEncoder.encode(e)));
        }
        ClientReply r = c.command(mail.toString(), c.timeouts().mail()); // 4.5.3.2.2
        if (!r.isPositive()) {
            return all(r, dsn);
        }
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            OutboundMessage.Recipient rcpt = m.recipients().get(i);
            StringBuilder cmd = new StringBuilder("RCPT TO:<").append(rcpt.address()).append('>');
            if (dsn) { // RFC 3461 4.1, 4.2
                if (!rcpt.notifyOn().isEmpty()) {
                    cmd.append(" NOTIFY=").append(String.join(",",
                            rcpt.notifyOn().stream().map(Enum::name).sorted().toList()));
                }
                rcpt.orcpt().ifPresent(o -> {
                    int semi = o.indexOf(';');
                    cmd.append(" ORCPT=").append(o, 0, semi + 1).append(XtextEncoder.encode(o.substring(semi + 1)));
                });
            }
            ClientReply rr = c.command(cmd.toString(), c.timeouts().rcpt()); // 4.5.3.2.3
            if (rr.isPositive()) {
                accepted.add(i);
            } else {
                replies[i] = rr;
            }
        }
        if (accepted.isEmpty()) {
            return new TransactionResult(Arrays.asList(replies), dsn, c.serverName());
        }
        ClientReply go = c.command("DATA", c.timeouts().dataInit()); // 4.5.3.2.4
        if (go.code() != 354) {
            for (int i : accepted) {
                replies[i] = go;
            }
            return new TransactionResult(Arrays.asList(replies), dsn, c.serverName());
        }
        try (InputStream in = m.content().open()) {
            c.writeData(in);
        }
        if (c.dialect() == ClientDialect.LMTP) {
            for (int i : accepted) { // RFC 2033 4.2: one reply per accepted recipient, in RCPT order
                replies[i] = c.read(c.timeouts().dataFinal());
                listener.finalReply(i, replies[i]); // before waiting for the next one
            }
        } else {
            ClientReply fin = c.read(c.timeouts().dataFinal()); // 4.5.3.2.6
            for (int i : accepted) {
                replies[i] = fin;
            }
        }
        return new TransactionResult(Arrays.asList(replies), dsn, c.serverName());
    }

    private TransactionResult all(ClientReply r, boolean dsn) {
        ClientReply[] replies = new ClientReply[m.recipients().size()];
        Arrays.fill(replies, r);
        return new TransactionResult(Arrays.asList(replies), dsn, c.serverName());
    }
}
