package org.mailserver.smtp.server;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.mailserver.smtp.grammar.MailPath;

/**
 * The header lines put in front of each recipient's copy: {@code Return-Path} (RFC 5321 4.4),
 * {@code Delivered-To} (as Postfix and qmail write it, for loop detection) and one {@code Received}
 * (RFC 5321 4.4, {@code with} keywords of RFC 3848).
 *
 * <p>Nothing a client sent reaches these lines unchecked: the HELO name is reduced to the characters
 * of a host name or address literal, and every value loses control characters, so a CR or LF can
 * never start a header of the client's choosing.
 */
final class TraceHeaders {
    /** RFC 5322 3.3 date-time, e.g. {@code Tue, 3 Jun 2025 11:05:30 +0200}. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private TraceHeaders() {
    }

    static byte[] build(String hostname, Dialect dialect, SessionInfo session, String queueId, MailPath sender,
                        MailPath recipient, ZonedDateTime now) {
        StringBuilder b = new StringBuilder(256);
        b.append("Return-Path: <").append(clean(sender.address())).append(">\r\n");
        b.append("Delivered-To: ").append(clean(recipient.address())).append("\r\n");
        received(b, hostname, dialect, session, queueId, recipient, now);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The Received header alone, for a copy that goes into the outbound queue: Return-Path is added
     * at final delivery (RFC 5321 4.4), never by a relay. {@code recipient} null when the copy has
     * several recipients, so no {@code for} clause names one of them to the others.
     */
    static byte[] received(String hostname, Dialect dialect, SessionInfo session, String queueId,
                           MailPath recipient, ZonedDateTime now) {
        StringBuilder b = new StringBuilder(256);
        received(b, hostname, dialect, session, queueId, recipient, now);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void received(StringBuilder b, String hostname, Dialect dialect, SessionInfo session,
                                 String queueId, MailPath recipient, ZonedDateTime now) {
        String helo = session.helo() == null ? "unknown" : heloName(session.helo());
        b.append("Received: from ").append(helo).append(" (").append(session.clientLiteral()).append(")\r\n");
        if (session.tls() && session.tlsDetails() != null) {
            // RFC 5321 4.4: a comment before "by" (CFWS), in Postfix's form
            b.append("\t(using ").append(session.tlsDetails()).append(")\r\n");
        }
        b.append("\tby ").append(clean(hostname)).append(" with ")
                .append(dialect.receivedWith(session.extended(), session.tls(), session.authenticated() != null))
                .append(" id ").append(queueId);
        if (recipient != null) {
            b.append("\r\n\tfor <").append(clean(recipient.address())).append(">");
        }
        b.append("; ").append(DATE.format(now)).append("\r\n");
    }

    /**
     * {@code TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)} from the handshake's
     * protocol and cipher suite (the bits only when the suite names its cipher's key size); both
     * names reduced to letters, digits, {@code _ . -}, so nothing else can reach the header.
     */
    static String tlsDetails(String protocol, String cipherSuite) {
        String suite = token(cipherSuite);
        int bits = suite.contains("_256_") || suite.contains("CHACHA20") ? 256
                : suite.contains("_128_") ? 128 : suite.contains("3DES") ? 168 : 0;
        return token(protocol) + " with cipher " + suite + (bits > 0 ? " (" + bits + "/" + bits + " bits)" : "");
    }

    private static String token(String s) {
        if (s == null || s.isEmpty()) {
            return "unknown";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 64));
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_.-".indexOf(c) >= 0;
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    /** Keeps letters, digits and {@code - . : [ ]}; anything else becomes {@code _}; at most 255. */
    static String heloName(String helo) {
        StringBuilder b = new StringBuilder(Math.min(helo.length(), 255));
        for (int i = 0; i < helo.length() && b.length() < 255; i++) {
            char c = helo.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-.:[]".indexOf(c) >= 0;
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    /** Drops control characters (the parser refuses them already; this is the second fence). */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isISOControl(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
