package org.mailserver.smtp.queue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mailserver.smtp.client.ClientDialect;
import org.mailserver.smtp.client.ClientReply;
import org.mailserver.smtp.client.OutboundMessage;
import org.mailserver.smtp.client.RefusedException;
import org.mailserver.smtp.client.SmtpConnection;
import org.mailserver.smtp.client.TransactionResult;

/**
 * One delivery job: some messages for one next hop over one connection (RSET between messages,
 * RFC 5321 4.1.1.5). Addresses are tried in MX order until one connects (RFC 5321 5.1). A
 * connection failure defers every recipient of the job; a connection lost mid-way defers the
 * message under way and releases the rest for the next tick. Runs on a queue thread.
 */
final class RemoteDelivery {
    private final QueueManager q;
    private final NextHop hop;
    private final String domain;
    private final String protocol;

    RemoteDelivery(QueueManager q, NextHop hop, String domain) {
        this.q = q;
        this.hop = hop;
        this.domain = domain;
        this.protocol = hop.dialect() == ClientDialect.LMTP ? "lmtp" : "smtp";
    }

    void run(List<Work> all) {
        List<Work> batch = new ArrayList<>();
        for (Work w : all) {
            if (q.deleted(w.message())) {
                q.release(w.message(), w.recipients());
            } else {
                batch.add(w);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        Routes.Route route = Routes.resolve(q, hop, domain, protocol);
        if (q.stopping()) {
            batch.forEach(w -> q.release(w.message(), w.recipients()));
            return;
        }
        if (route.failure() != null) {
            batch.forEach(w -> recordAll(w, route.failure()));
            return;
        }
        SmtpConnection c = null;
        Outcome lastFailure = Outcome.defer(protocol, "4.4.1", "no address to connect to");
        for (Routes.Target t : route.targets()) {
            try {
                c = q.client.connect(t.address(), t.name(), hop.dialect());
                break;
            } catch (IOException e) {
                lastFailure = Outcome.defer(protocol, "4.4.1", "connect to " + t.name() + "["
                        + t.address().getAddress().getHostAddress() + "]:" + t.address().getPort() + ": " + e.getMessage());
            } catch (RefusedException e) {
                // RFC 5321 3.1/5.1: a refused greeting means try the next MX; remember why
                lastFailure = new Outcome(e.reply(), t.name(), protocol, "");
            }
        }
        if (c == null) {
            Outcome f = lastFailure;
            batch.forEach(w -> recordAll(w, f));
            return;
        }
        q.connections.add(c);
        try {
            boolean first = true;
            for (int k = 0; k < batch.size(); k++) {
                Work w = batch.get(k);
                if (q.stopping() || q.deleted(w.message())) {
                    q.release(w.message(), w.recipients());
                    continue;
                }
                Set<Integer> open = new LinkedHashSet<>(w.recipients()); // not recorded yet
                try {
                    if (!first) {
                        c.reset();
                    }
                    first = false;
                    send(c, w, open);
                } catch (IOException e) {
                    if (!open.isEmpty()) {
                        List<Integer> left = List.copyOf(open);
                        Outcome lost = Outcome.defer(protocol, "4.4.2", "lost connection with " + c.serverName()
                                + ": " + e.getMessage());
                        q.record(w.message(), left, Collections.nCopies(left.size(), lost));
                    }
                    for (Work rest : batch.subList(k + 1, batch.size())) {
                        q.release(rest.message(), rest.recipients());
                    }
                    c.close();
                    return;
                }
            }
            c.quit();
        } finally {
            c.close();
            q.connections.remove(c);
        }
    }

    /** Sends one message; each recipient recorded is removed from {@code open}. Timed as one remote delivery. */
    private void send(SmtpConnection c, Work w, Set<Integer> open) throws IOException {
        long start = System.nanoTime();
        try {
            transaction(c, w, open);
        } finally {
            (hop.dialect() == ClientDialect.LMTP ? q.lmtpOut : q.smtpOut).time().observeSince(start);
        }
    }

    /** One MAIL ... end of data transaction, timed by {@link #send}. */
    private void transaction(SmtpConnection c, Work w, Set<Integer> open) throws IOException {
        QueuedMessage m = w.message();
        List<OutboundMessage.Recipient> rcpts = new ArrayList<>();
        for (int i : w.recipients()) {
            QueuedRecipient r = m.recipient(i);
            rcpts.add(new OutboundMessage.Recipient(r.address(), r.notifyOn(), r.orcpt()));
        }
        OutboundMessage om = new OutboundMessage(m.sender, rcpts, m.envid, m.ret, m.eightBit, m.smtputf8,
                q.store.source(m.id));
        // RFC 2033 4.2: an LMTP recipient's 250 is recorded before the next reply is awaited, so a
        // connection lost after it does not deliver that recipient twice
        TransactionResult result = c.send(om, (k, reply) -> {
            int i = w.recipients().get(k);
            q.record(m, List.of(i), List.of(new Outcome(reply, reply.local() ? "" : c.serverName(), protocol,
                    "delivered")));
            open.remove(i);
        });
        List<Integer> rest = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int k = 0; k < w.recipients().size(); k++) {
            int i = w.recipients().get(k);
            if (!open.contains(i)) {
                continue;
            }
            ClientReply reply = result.replies().get(k);
            String action = hop.dialect() == ClientDialect.LMTP ? "delivered" : result.dsnSupported() ? "passed" : "relayed";
            rest.add(i);
            outcomes.add(new Outcome(reply, reply.local() ? "" : result.remoteMta(), protocol, action));
        }
        if (!rest.isEmpty()) {
            q.record(m, rest, outcomes); // RFC 1047: record right after the reply, before anything else
            open.removeAll(rest);
        }
    }

    private void recordAll(Work w, Outcome o) {
        q.record(w.message(), w.recipients(), Collections.nCopies(w.recipients().size(), o));
    }
}
