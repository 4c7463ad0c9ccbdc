package org.mailserver.smtp.queue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.log.QueueIds;

/**
 * Writes one DSN: a {@code multipart/report; report-type=delivery-status} (RFC 6522, formerly
 * RFC 3462) with a human-readable part, a {@code message/delivery-status} part (RFC 3464 2.2 and
 * 2.3) and the original message ({@code message/rfc822}) or its header
 * ({@code text/rfc822-headers}, RFC 3462 / 6522 5). The original is streamed, never held whole.
 */
final class DsnWriter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

    private final String hostname;
    private final QueuedMessage m;
    private final List<QueuedRecipient> rcpts;
    private final boolean failure;
    private final boolean full;

    DsnWriter(String hostname, QueuedMessage m, List<QueuedRecipient> rcpts, boolean failure, boolean full) {
        this.hostname = hostname;
        this.m = m;
        this.rcpts = rcpts;
        this.failure = failure;
        this.full = full;
    }

    void write(OutputStream out, MessageSource original) throws IOException {
        String boundary = "=_dsn_" + QueueIds.next();
        StringBuilder h = new StringBuilder();
        line(h, "From: Mail Delivery System <MAILER-DAEMON@" + hostname + ">");
        line(h, "To: <" + m.sender + ">");
        line(h, "Subject: " + (failure ? "Undelivered Mail Returned to Sender" : "Successful Mail Delivery Report"));
        line(h, "Date: " + date(System.currentTimeMillis()));
        line(h, "Message-ID: <" + QueueIds.next() + ".dsn@" + hostname + ">");
        line(h, "Auto-Submitted: auto-replied"); // RFC 3834 5
        line(h, "MIME-Version: 1.0");
        line(h, "Content-Type: multipart/report; report-type=delivery-status;");
        line(h, "\tboundary=\"" + boundary + "\"");
        line(h, "");
        line(h, "This is a MIME-encapsulated message.");
        line(h, "");
        line(h, "--" + boundary);
        line(h, "Content-Type: text/plain; charset=utf-8");
        line(h, "Content-Description: Notification");
        line(h, "");
        if (failure) {
            line(h, "This is the mail system at host " + hostname + ".");
            line(h, "");
            line(h, "I'm sorry to have to inform you that your message could not");
            line(h, "be delivered to one or more recipients. The details follow.");
        } else {
            line(h, "This is the mail system at host " + hostname + ".");
            line(h, "");
            line(h, "Your message was successfully delivered to the destination(s)");
            line(h, "listed below. A \"relayed\" destination may send no further notice.");
        }
        line(h, "");
        for (QueuedRecipient r : rcpts) {
            line(h, "<" + r.address() + ">: " + oneLine(r.lastReply()));
        }
        line(h, "");
        line(h, "--" + boundary);
        line(h, "Content-Type: message/delivery-status");
        line(h, "Content-Description: Delivery report");
        line(h, "");
        // RFC 3464 2.2: per-message fields
        line(h, "Reporting-MTA: dns; " + hostname);
        m.envid.ifPresent(e -> line(h, "Original-Envelope-Id: " + oneLine(e)));
        line(h, "Arrival-Date: " + date(m.arrival));
        for (QueuedRecipient r : rcpts) {
            // RFC 3464 2.3: per-recipient fields, each group after an empty line
            line(h, "");
            line(h, "Final-Recipient: rfc822; " + r.address());
            r.orcpt().ifPresent(o -> line(h, "Original-Recipient: " + orcpt(o)));
            line(h, "Action: " + (failure ? "failed" : r.action().isEmpty() ? "delivered" : r.action()));
            line(h, "Status: " + (r.status().isEmpty() ? (failure ? "5.0.0" : "2.0.0") : r.status()));
            if (!r.remoteMta().isEmpty()) {
                line(h, "Remote-MTA: dns; " + r.remoteMta());
                line(h, "Diagnostic-Code: smtp; " + oneLine(r.lastReply()));
            } else if (!r.lastReply().isEmpty()) {
                line(h, "X-Mailserver-Diagnostic: " + oneLine(r.lastReply()));
            }
        }
        line(h, "");
        line(h, "--" + boundary);
        line(h, "Content-Type: " + (full ? "message/rfc822" : "text/rfc822-headers"));
        line(h, "Content-Description: " + (full ? "Undelivered Message" : "Undelivered Message Headers"));
        line(h, "");
        out.write(h.toString().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = new BufferedInputStream(original.open())) {
            copyOriginal(in, out);
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** The whole message, or its header up to the empty line; streamed. */
    private void copyOriginal(InputStream in, OutputStream out) throws IOException {
        if (full) {
            in.transferTo(out);
            return;
        }
        int prev1 = -1;
        int prev2 = -1;
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            // the header ends at the first CRLF CRLF (or LF LF); the empty line is kept
            if (b == '\n' && (prev1 == '\n' || (prev1 == '\r' && prev2 == '\n'))) {
                return;
            }
            prev2 = prev1;
            prev1 = b;
        }
    }

    private static String orcpt(String o) {
        int semi = o.indexOf(';');
        return semi < 0 ? "rfc822; " + o : o.substring(0, semi) + "; " + o.substring(semi + 1);
    }

    private static String date(long millis) {
        return DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault()));
    }

    /** No CR/LF or control characters in a header field, and a bounded length (RFC 5322 2.1.1). */
    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 900; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String s) {
        b.append(s).append("\r\n");
    }
}
