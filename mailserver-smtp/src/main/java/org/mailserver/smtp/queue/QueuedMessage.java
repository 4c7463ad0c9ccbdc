package org.mailserver.smtp.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailserver.core.delivery.QueueEnvelope;

/**
 * A message in the queue: its envelope, when it arrived, its size, and the state of each recipient.
 *
 * <p>Threading: recipients are read and replaced under the object's monitor; the delivery thread
 * that updates them also writes the envelope file while holding it, so the file and memory agree.
 */
public final class QueuedMessage {
    final String id;
    final long arrival;
    final String sender;
    final Optional<String> envid;
    final QueueEnvelope.Ret ret;
    final boolean smtputf8;
    final boolean eightBit;
    final long size;
    private final List<QueuedRecipient> recipients;

    QueuedMessage(String id, long arrival, String sender, Optional<String> envid, QueueEnvelope.Ret ret,
                  boolean smtputf8, boolean eightBit, long size, List<QueuedRecipient> recipients) {
        this.id = id;
        this.arrival = arrival;
        this.sender = sender;
        this.envid = envid;
        this.ret = ret;
        this.smtputf8 = smtputf8;
        this.eightBit = eightBit;
        this.size = size;
        this.recipients = new ArrayList<>(recipients);
    }

    public String id() {
        return id;
    }

    public long arrival() {
        return arrival;
    }

    public String sender() {
        return sender;
    }

    public long size() {
        return size;
    }

    /** A copy of the recipients as they stand. */
    public synchronized List<QueuedRecipient> recipients() {
        return List.copyOf(recipients);
    }

    synchronized QueuedRecipient recipient(int i) {
        return recipients.get(i);
    }

    synchronized void set(int i, QueuedRecipient r) {
        recipients.set(i, r);
    }

    /** True when no recipient is pending any more. */
    synchronized boolean done() {
        return recipients.stream().noneMatch(r -> r.state() == QueuedRecipient.State.PENDING);
    }
}
