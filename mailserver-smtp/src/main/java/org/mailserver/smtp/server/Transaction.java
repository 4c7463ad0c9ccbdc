package org.mailserver.smtp.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.core.directory.User;
import org.mailserver.smtp.grammar.MailParameters;
import org.mailserver.smtp.grammar.MailPath;

/**
 * One mail transaction, from MAIL to the end of DATA. The session replaces it whole (RSET,
 * HELO/EHLO/LHLO, STARTTLS, the end of DATA) and never edits an old one. Touched on the event loop only.
 */
final class Transaction {
    /** An accepted recipient: the address as the client wrote it and the user it belongs to. */
    record Recipient(MailPath address, User user) {
    }

    final String queueId;
    final MailPath sender;
    final MailParameters parameters;
    final Instant started;
    final List<Recipient> recipients = new ArrayList<>();
    SpooledMessage message;
    long dataSize;
    boolean tooBig;
    boolean spoolFailed;

    Transaction(String queueId, MailPath sender, MailParameters parameters, Instant started) {
        this.queueId = queueId;
        this.sender = sender;
        this.parameters = parameters;
        this.started = started;
    }

    /** Deletes the spool file, if any. Called whenever the transaction is replaced or the channel closes. */
    void discard() {
        if (message != null) {
            message.discard();
            message = null;
        }
    }
}
