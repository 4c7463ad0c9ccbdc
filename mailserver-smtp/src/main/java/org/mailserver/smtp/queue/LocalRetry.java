package org.mailserver.smtp.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.DirectoryUnavailableException;
import org.mailserver.core.directory.User;
import org.mailserver.smtp.client.ClientReply;

/**
 * Local recipients whose copy is in the queue (a retried local delivery, a bounce to a local
 * sender): the user is looked up again and the copy goes through {@code LocalDelivery}, with a
 * {@code Return-Path:} (RFC 5321 4.4) in front. Runs on a queue thread.
 */
final class LocalRetry {
    private static final String PROTOCOL = "local";
    private final QueueManager q;

    LocalRetry(QueueManager q) {
        this.q = q;
    }

    void run(List<Work> batch) {
        for (Work w : batch) {
            QueuedMessage m = w.message();
            if (q.stopping() || q.deleted(m)) {
                q.release(m, w.recipients());
                continue;
            }
            MessageSource source;
            try {
                source = q.store.source(m.id);
            } catch (IOException e) {
                List<Outcome> all = new ArrayList<>();
                w.recipients().forEach(i -> all.add(Outcome.defer(PROTOCOL, "4.3.0", "queue file: " + e.getMessage())));
                q.record(m, w.recipients(), all);
                continue;
            }
            byte[] prefix = ("Return-Path: <" + m.sender + ">\r\n").getBytes(StandardCharsets.UTF_8);
            for (int i : w.recipients()) {
                // one record per recipient: each copy is durable on its own, so record it at once
                q.record(m, List.of(i), List.of(deliver(m.recipient(i).address(), prefix, source)));
            }
        }
    }

    private Outcome deliver(String address, byte[] prefix, MessageSource source) {
        Optional<User> user;
        try {
            user = q.directory.findByAddress(address);
        } catch (DirectoryUnavailableException e) {
            return Outcome.defer(PROTOCOL, "4.4.3", "directory unavailable: " + e.getMessage());
        }
        if (user.isEmpty()) {
            return Outcome.bounce(PROTOCOL, 550, "5.1.1", "<" + address + ">: no such user here");
        }
        DeliveryResult r = q.localDelivery.deliver(user.get(), prefix, source);
        if (r instanceof DeliveryResult.Delivered d) {
            return new Outcome(ClientReply.local(250, "2.0.0", "delivered to mailbox " + d.storedName()), "",
                    PROTOCOL, "delivered");
        }
        if (r instanceof DeliveryResult.OverQuota o) {
            return o.permanent()
                    ? Outcome.bounce(PROTOCOL, 552, "5.2.2", "mailbox full: " + o.detail())
                    : Outcome.defer(PROTOCOL, "4.2.2", "mailbox full: " + o.detail());
        }
        DeliveryResult.TemporaryFailure t = (DeliveryResult.TemporaryFailure) r;
        return Outcome.defer(PROTOCOL, t.diskFull() ? "4.3.1" : "4.3.0", "local delivery failed: " + t.detail());
    }
}
