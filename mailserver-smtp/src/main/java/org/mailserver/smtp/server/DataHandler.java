package org.mailserver.smtp.server;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.mailserver.core.delivery.DiskFull;
import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.core.log.MailLog;
import org.mailserver.smtp.grammar.BodyType;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.Reply;

/**
 * DATA (RFC 5321 4.1.1.4, RFC 2033 4.2): 354, then the content streams into a
 * {@link SpooledMessage}; at {@code CRLF.CRLF} the message is refused if it had a bare CR or LF or
 * went over the size limit, else it goes through {@link DeliveryStep} (LMTP: one reply per accepted
 * recipient, in RCPT order) or {@link SmtpDeliveryStep} (SMTP: one reply for the whole message).
 * {@link BdatHandler} shares the chunk and completion steps.
 */
final class DataHandler {

    private DataHandler() {
    }

    static void start(SmtpSession s) {
        if (s.state != SmtpSession.State.MAIL) {
            s.error(Replies.BAD_SEQUENCE_MAIL);
            return;
        }
        if (s.tx.chunking || s.tx.parameters.body() == BodyType.BINARY_MIME) {
            // RFC 3030 2: BDAT and DATA are not mixed; 3: BINARYMIME data only with BDAT
            s.error(Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Bad sequence of commands: use BDAT"));
            return;
        }
        if (s.tx.recipients.isEmpty()) {
            // RFC 2033 4.2: 503 without a successful RCPT; SMTP: 554 (RFC 2920 3.1)
            if (s.config.dialect() == Dialect.LMTP) {
                s.error(Reply.of(503, EnhancedStatus.INVALID_COMMAND, "No valid recipients"));
            } else {
                s.reply(Reply.of(554, EnhancedStatus.INVALID_COMMAND, "No valid recipients"));
            }
            return;
        }
        s.tx.message = new SpooledMessage(s.config.spoolDir(), s.config.spoolMemoryThreshold(), s.server.executor());
        s.reply(Replies.START_DATA);
        s.state = SmtpSession.State.DATA;
        s.decoder.startData();
    }

    static void chunk(SmtpSession s, ByteBuf content) {
        Transaction tx = s.tx;
        if (s.state != SmtpSession.State.DATA || tx.message == null) {
            return; // too big already: read to the end, keep nothing
        }
        tx.dataSize += content.readableBytes();
        if (tx.dataSize > s.config.maxMessageSize()) {
            tx.tooBig = true;
            tx.discard();
            return;
        }
        if (tx.message.append(content)) {
            s.await(tx.message.drained(), (v, e) -> { }); // back-pressure: the disk sets the pace
        }
    }

    static void end(SmtpSession s, DataEnd end) {
        Transaction tx = s.tx;
        if (end.bareLineEnd()) {
            refuse(s, tx, Replies.BARE_LINE_END);
        } else if (tx.tooBig) {
            refuse(s, tx, Replies.MESSAGE_TOO_BIG);
        } else {
            complete(s, tx);
        }
    }

    /**
     * The message is whole (after {@code CRLF.CRLF} or {@code BDAT ... LAST}): the spool is finished
     * off the loop, then LMTP's {@link DeliveryStep} or SMTP's {@link SmtpDeliveryStep} runs off the
     * loop, and the reply (or replies) go out.
     */
    static void complete(SmtpSession s, Transaction tx) {
        s.await(tx.message.finish(), (v, e) -> {
            if (e != null) {
                // the spool could not be written: answered here, at the end of data, after reading it all
                boolean full = DiskFull.is(e);
                // the reason without the file's name: the line names the directory and stays short
                MailLog.session(s.protocol(), "error", s.ctx.channel().remoteAddress(), "id=" + tx.queueId
                        + " spool write in " + s.config.spoolDir() + " failed: " + reason(e));
                refuse(s, tx, full ? Replies.SYSTEM_FULL : Replies.LOCAL_ERROR);
                return;
            }
            if (s.config.dialect() == Dialect.ESMTP) {
                s.offLoop(() -> s.smtpDeliveryStep.run(s.info, tx, tx.message), (reply, e2) -> {
                    if (e2 != null) { // a hook threw, or the pool was full
                        MailLog.session(s.protocol(), "error", s.ctx.channel().remoteAddress(),
                                "id=" + tx.queueId + " end of data failed: " + e2);
                        refuse(s, tx, Replies.LOCAL_ERROR);
                    } else {
                        finish(s, tx, List.of(reply));
                    }
                });
                return;
            }
            s.offLoop(() -> s.deliveryStep.run(s.info, tx, tx.message), (replies, e2) -> {
                if (e2 == null) {
                    finish(s, tx, replies);
                } else {
                    refuse(s, tx, Replies.LOCAL_ERROR); // a hook threw, or the pool was full: still one log line each
                }
            });
        });
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : t.toString();
    }

    /** The whole message is refused: the same reply for every recipient, one log line each. */
    static void refuse(SmtpSession s, Transaction tx, Reply reply) {
        String result = (reply.isTransient() ? "deferred (" : "refused (") + reply.summary() + ")";
        for (Transaction.Recipient r : tx.recipients) {
            MailLog.delivery(s.protocol(), tx.queueId, tx.sender.address(), r.address().address(), tx.dataSize,
                    result, Duration.between(tx.started, s.clock.instant()));
        }
        finish(s, tx, Collections.nCopies(tx.recipients.size(), reply));
    }

    private static void finish(SmtpSession s, Transaction tx, List<Reply> replies) {
        for (Reply r : replies) {
            if (r.isPositive()) { // SMTP's one 250, or LMTP's 250 for at least one recipient
                s.metrics.messageReceived();
                break;
            }
        }
        if (s.config.dialect().replyPerRecipient()) {
            replies.forEach(s::reply); // RFC 2033 4.2
        } else {
            s.reply(combined(tx, replies));
        }
        s.newTransaction(null);
        s.state = SmtpSession.State.READY;
    }

    /**
     * One reply for all recipients when the whole message was refused (SMTP), or the one reply of
     * {@link SmtpDeliveryStep}, which only answers 250 once every copy is durable.
     */
    private static Reply combined(Transaction tx, List<Reply> replies) {
        for (Reply r : replies) {
            if (!r.isPositive()) {
                return r;
            }
        }
        return Reply.of(250, EnhancedStatus.OK, "Ok: queued as " + tx.queueId);
    }
}
