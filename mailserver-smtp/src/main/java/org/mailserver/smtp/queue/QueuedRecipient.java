package org.mailserver.smtp.queue;

import java.util.Optional;
import java.util.Set;
import org.mailserver.core.delivery.QueueEnvelope;

/**
 * One recipient of a queued message with its delivery state, as the envelope file keeps it.
 * Immutable: a change makes a new record that replaces the old one in {@link QueuedMessage}.
 *
 * @param address the recipient address
 * @param local true for a retried local copy (through LocalDelivery), false for a next hop
 * @param notifyOn NOTIFY of RFC 3461 4.1, empty for the default (FAILURE)
 * @param orcpt ORCPT as {@code type;address}, decoded
 * @param state pending, delivered or bounced
 * @param attempts delivery attempts so far
 * @param nextAttempt when to try next, epoch milliseconds
 * @param lastReply the last reply or error, for the log, the admin listing and Diagnostic-Code
 * @param status the enhanced status code for the DSN (RFC 3463)
 * @param remoteMta the server that gave the last reply, empty when none did
 * @param action the DSN action once final: failed, delivered, relayed, or passed (a DSN-capable
 *     server took NOTIFY on, so success reports are its business)
 */
public record QueuedRecipient(String address, boolean local, Set<QueueEnvelope.Notify> notifyOn,
                              Optional<String> orcpt, State state, int attempts, long nextAttempt, String lastReply,
                              String status, String remoteMta, String action) {

    public QueuedRecipient {
        notifyOn = Set.copyOf(notifyOn);
    }

    /** Where a recipient stands. */
    public enum State { PENDING, DELIVERED, BOUNCED }

    static QueuedRecipient fresh(QueueEnvelope.Recipient r, long now) {
        return new QueuedRecipient(r.address(), r.local(), r.notifyOn(), r.orcpt(), State.PENDING, 0, now, "", "",
                "", "");
    }

    QueuedRecipient delivered(String reply, String status, String remote, String dsnAction) {
        return new QueuedRecipient(address, local, notifyOn, orcpt, State.DELIVERED, attempts + 1, 0, reply, status,
                remote, dsnAction);
    }

    QueuedRecipient bounced(String reply, String status, String remote) {
        return new QueuedRecipient(address, local, notifyOn, orcpt, State.BOUNCED, attempts + 1, 0, reply, status,
                remote, "failed");
    }

    QueuedRecipient deferred(String reply, String status, String remote, long next) {
        return new QueuedRecipient(address, local, notifyOn, orcpt, State.PENDING, attempts + 1, next, reply, status,
                remote, "");
    }

    QueuedRecipient retryAt(long next) {
        return new QueuedRecipient(address, local, notifyOn, orcpt, state, attempts, next, lastReply, status,
                remoteMta, action);
    }

    /** The domain part, lower case. */
    String domain() {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** RFC 3461 4.1: a failure report unless NOTIFY=NEVER or NOTIFY without FAILURE was given. */
    boolean wantsFailureReport() {
        return notifyOn.isEmpty() || notifyOn.contains(QueueEnvelope.Notify.FAILURE);
    }

    boolean wantsSuccessReport() {
        return notifyOn.contains(QueueEnvelope.Notify.SUCCESS);
    }
}
