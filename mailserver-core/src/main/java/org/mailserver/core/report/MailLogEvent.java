package org.mailserver.core.report;

import java.time.Instant;

/**
 * One line of the mail log, as {@link MailLogParser} understands it. Only the fields the daily report
 * counts are kept; everything else on the line is left to grep.
 */
public sealed interface MailLogEvent {
    /** When the line was written, in UTC; {@code null} only for an {@link Unparsed} line without a readable time. */
    Instant time();

    /** The result word of a delivery line ({@code result=delivered (...)}), as written by MailLog.delivery's callers. */
    enum Result {
        /** Stored in a local mailbox during the session (SMTP or LMTP). */
        DELIVERED,
        /** Handed over by the queue: to a remote MX, or to a mailbox by the {@code local:} transport. */
        SENT,
        /** Accepted into the outbound queue (relay, NOTIFY=SUCCESS, "queued for retry"). */
        QUEUED,
        /** Accepted and forwarded on (deliveryMode nolocal). */
        FORWARDED,
        DEFERRED,
        BOUNCED,
        /** The whole message refused at the end of data: one line per recipient. */
        REFUSED,
        /** Answered 250 and delivered nowhere (header_checks DISCARD): one line per recipient. */
        DISCARDED,
        /** A vacation reply sent, suppressed, skipped or failed. */
        AUTO_REPLY
    }

    /** {@code <proto>: id=... from=<...> to=<...> size=N result=<word> (...) delay=N.NNNs}. */
    record Delivery(Instant time, String protocol, String id, String to, long size, Result result, String detail)
            implements MailLogEvent {
    }

    /** {@code filter: reject|defer policy=... rule=... stage=... client=[ip] ... reply=...} from FilterChain. */
    record FilterRefusal(Instant time, boolean permanent, String policy, String rule, String stage, String clientIp,
                         String id, String to) implements MailLogEvent {
    }

    /**
     * {@code <proto>: reject client=ip:port id=... to=<...> 550 5.1.1 text} (a refused RCPT) or
     * {@code <proto>: reject client=ip:port at connect: 554 5.7.1 text}. {@code id} and {@code to} are
     * {@code null} for the latter.
     */
    record SessionReject(Instant time, String protocol, String clientIp, boolean atConnect, String id, String to,
                         int code, String text) implements MailLogEvent {
    }

    /** A mail log line of a shape the report does not count (connect, disconnect, auth, pop3 login...). */
    record Other(Instant time) implements MailLogEvent {
    }

    /** A line on the mail logger that should have had a known shape but did not. */
    record Unparsed(Instant time, String line) implements MailLogEvent {
    }
}
