package org.mailserver.smtp.queue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.mailserver.core.delivery.QueueEnvelope;

/**
 * The envelope file of a queued message: Java properties (UTF-8, escaped by {@link Properties}),
 * versioned by {@code version=1}. Keys: {@code id arrival sender envid ret smtputf8 eightbit size
 * rcpt.count} and per recipient {@code rcpt.N.address local notify orcpt state attempts next reply
 * status remote action}. Unknown keys are ignored, a missing or newer version is refused.
 */
final class EnvelopeCodec {
    static final int VERSION = 1;

    private EnvelopeCodec() {
    }

    static byte[] encode(QueuedMessage m) {
        Properties p = new Properties();
        p.setProperty("version", Integer.toString(VERSION));
        p.setProperty("id", m.id);
        p.setProperty("arrival", Long.toString(m.arrival));
        p.setProperty("sender", m.sender);
        m.envid.ifPresent(e -> p.setProperty("envid", e));
        p.setProperty("ret", m.ret.name());
        p.setProperty("smtputf8", Boolean.toString(m.smtputf8));
        p.setProperty("eightbit", Boolean.toString(m.eightBit));
        p.setProperty("size", Long.toString(m.size));
        List<QueuedRecipient> rs = m.recipients();
        p.setProperty("rcpt.count", Integer.toString(rs.size()));
        for (int i = 0; i < rs.size(); i++) {
            QueuedRecipient r = rs.get(i);
            String k = "rcpt." + i + ".";
            p.setProperty(k + "address", r.address());
            p.setProperty(k + "local", Boolean.toString(r.local()));
            p.setProperty(k + "notify", String.join(",", r.notifyOn().stream().map(Enum::name).sorted().toList()));
            r.orcpt().ifPresent(o -> p.setProperty(k + "orcpt", o));
            p.setProperty(k + "state", r.state().name());
            p.setProperty(k + "attempts", Integer.toString(r.attempts()));
            p.setProperty(k + "next", Long.toString(r.nextAttempt()));
            p.setProperty(k + "reply", r.lastReply());
            p.setProperty(k + "status", r.status());
            p.setProperty(k + "remote", r.remoteMta());
            p.setProperty(k + "action", r.action());
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, "mailserver queue envelope");
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses an envelope file; {@code IOException} names what is wrong. */
    static QueuedMessage decode(Reader in) throws IOException {
        Properties p = new Properties();
        try {
            p.load(in);
        } catch (IllegalArgumentException e) { // a malformed backslash-u escape
            throw new IOException("malformed envelope: " + e.getMessage(), e);
        }
        String version = p.getProperty("version");
        if (version == null || !version.equals(Integer.toString(VERSION))) {
            throw new IOException("unsupported envelope version " + version);
        }
        try {
            int count = Integer.parseInt(req(p, "rcpt.count"));
            List<QueuedRecipient> rs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String k = "rcpt." + i + ".";
                Set<QueueEnvelope.Notify> notify = EnumSet.noneOf(QueueEnvelope.Notify.class);
                for (String n : p.getProperty(k + "notify", "").split(",")) {
                    if (!n.isEmpty()) {
                        notify.add(QueueEnvelope.Notify.valueOf(n));
                    }
                }
                rs.add(new QueuedRecipient(req(p, k + "address"), Boolean.parseBoolean(req(p, k + "local")), notify,
                        Optional.ofNullable(p.getProperty(k + "orcpt")),
                        QueuedRecipient.State.valueOf(req(p, k + "state")), Integer.parseInt(req(p, k + "attempts")),
                        Long.parseLong(req(p, k + "next")), p.getProperty(k + "reply", ""),
                        p.getProperty(k + "status", ""), p.getProperty(k + "remote", ""),
                        p.getProperty(k + "action", "")));
            }
            return new QueuedMessage(req(p, "id"), Long.parseLong(req(p, "arrival")), req(p, "sender"),
                    Optional.ofNullable(p.getProperty("envid")), QueueEnvelope.Ret.valueOf(req(p, "ret")),
                    Boolean.parseBoolean(req(p, "smtputf8")), Boolean.parseBoolean(req(p, "eightbit")),
                    Long.parseLong(req(p, "size")), rs);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed envelope: " + e.getMessage(), e);
        }
    }

    private static String req(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }
}
