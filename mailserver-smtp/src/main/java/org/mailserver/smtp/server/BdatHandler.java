package org.mailserver.smtp.server;

import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.Reply;
import org.mailserver.smtp.grammar.SmtpCommand;

/**
 * BDAT (RFC 3030 2): {@code BDAT size [LAST]} is followed by exactly {@code size} octets, which go
 * into the transaction's spool as they are (no dot-unstuffing); each chunk gets its reply once it
 * has been read, and LAST ends the message like {@code CRLF.CRLF} ends DATA.
 *
 * <p>The octets are read in every case, also when the command is refused (no MAIL, no valid
 * recipient, not advertised), since the client sends them without waiting (RFC 3030 4.1); they are
 * then dropped and the refusal answers the chunk. A chunk that takes the message over the size
 * limit is answered 552 5.3.4 and ends the transaction (RFC 3030 4.2: the client sends no more).
 */
final class BdatHandler {

    private BdatHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Bdat bdat) {
        Reply refusal = null;
        boolean sequence = false;
        if (s.config.dialect() != Dialect.ESMTP) {
            refusal = Reply.of(502, EnhancedStatus.INVALID_COMMAND, "Command not implemented");
            sequence = true;
        } else if (s.state != SmtpSession.State.MAIL) {
            refusal = Replies.BAD_SEQUENCE_MAIL;
            sequence = true;
        } else if (s.tx.recipients.isEmpty()) {
            refusal = Reply.of(554, EnhancedStatus.INVALID_COMMAND, "No valid recipients"); // RFC 2920 3.1
        }
        s.chunkRefusal = refusal;
        s.chunkRefusalCounts = sequence;
        s.chunkLast = bdat.last();
        if (refusal == null) {
            Transaction tx = s.tx;
            tx.chunking = true;
            if (tx.message == null && !tx.tooBig) {
                tx.message = new SpooledMessage(s.config.spoolDir(), s.config.spoolMemoryThreshold(), s.server.executor());
            }
            s.state = SmtpSession.State.DATA; // DataHandler.chunk takes the octets
        }
        s.decoder.startChunk(bdat.size());
    }

    /** The chunk's last octet was read. */
    static void end(SmtpSession s) {
        Reply refusal = s.chunkRefusal;
        s.chunkRefusal = null;
        if (refusal != null) {
            if (s.chunkRefusalCounts) {
                s.error(refusal);
            } else {
                s.reply(refusal);
            }
            return;
        }
        Transaction tx = s.tx;
        if (tx.tooBig) {
            DataHandler.refuse(s, tx, Replies.MESSAGE_TOO_BIG); // ends the transaction
        } else if (!s.chunkLast) {
            s.state = SmtpSession.State.MAIL;
            s.reply(Reply.of(250, EnhancedStatus.OK, tx.dataSize + " octets received"));
        } else {
            DataHandler.complete(s, tx);
        }
    }
}
