package org.mailserver.smtp.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.delivery.SpooledMessage;
import org.mailserver.core.directory.User;
import org.mailserver.smtp.grammar.MailParameters;
import org.mailserver.smtp.grammar.MailPath;

/**
 * One mail transaction, from MAIL to the end of DATA or BDAT LAST. The session replaces it whole
 * (RSET, HELO/EHLO/LHLO, STARTTLS, AUTH, the end of data) and never edits an old one. Touched on the
 * event loop only.
 */
final class Transaction {
    /**
     * An accepted recipient: the address as the client wrote it, the user it belongs to (null for a
     * remote recipient that is relayed), and its DSN parameters (RFC 3461 4.1, 4.2).
     */
    record Recipient(MailPath address, User user, Set<QueueEnvelope.Notify> notifyOn, Optional<String> orcpt) {
        Recipient(MailPath address, User user) {
            this(address, user, Set.of(), Optional.empty());
        }

        boolean local() {
            return user != null;
        }
    }

    final String queueId;
    final MailPath sender;
    final MailParameters parameters;
    final Instant started;
    final List<Recipient> recipients = new ArrayList<>();
    /** RFC 3461 4.3 / 4.4, from MAIL. */
    QueueEnvelope.Ret ret = QueueEnvelope.Ret.UNSPECIFIED;
    Optional<String> envid = Optional.empty();
    SpooledMessage message;
    long dataSize;
    boolean tooBig;
    boolean spoolFailed;
    /** BDAT was used (RFC 3030 2): DATA is refused in this transaction from then on. */
    boolean chunking;

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
