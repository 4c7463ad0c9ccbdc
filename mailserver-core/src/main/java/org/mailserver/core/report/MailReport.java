package org.mailserver.core.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mailserver.core.report.MailLogEvent.Delivery;
import org.mailserver.core.report.MailLogEvent.FilterRefusal;
import org.mailserver.core.report.MailLogEvent.SessionReject;
import org.mailserver.core.report.MailLogEvent.Unparsed;

/**
 * The counts of one UTC day of the mail log, fed one event at a time (never the whole log). Memory
 * grows with the day's distinct received queue ids and policy names, not with the log's size.
 *
 * <p>What is counted, and how:
 * <ul>
 * <li>received: distinct queue ids on a delivery line whose result accepts the message
 *     ({@code delivered}, {@code queued}, {@code forwarded}, {@code discarded}); in the hour the id is first seen.
 *     Bounces the server generates ({@code id-S}) only appear as {@code sent} and are not received.</li>
 * <li>delivered: {@code delivered} lines plus {@code sent} lines, one per recipient; split into
 *     local ({@code delivered}, and {@code sent} by the {@code local:} transport) and remote.</li>
 * <li>deferred, bounced, refused: one per recipient line, as the log writes them; a message deferred
 *     five times counts five (pflogsumm's "deferrals").</li>
 * <li>rejections by policy: each {@code filter: reject|defer} line once, under its policy; plus the
 *     refusals no filter logged (unknown user, relay denied, mailbox full, size...) under a name made
 *     from their reply. The session's own {@code reject} line and the {@code refused} delivery lines
 *     that follow a filter's refusal are recognised by queue id and not counted twice.</li>
 * </ul>
 * Not thread-safe: one reader feeds it.
 */
public final class MailReport {
    /** How many refusal keys are remembered to match a filter line to the session line that follows it. */
    private static final int CORRELATION_WINDOW = 10_000;
    private static final int UNPARSED_SAMPLES = 10;

    private final LocalDate day;
    private final Set<String> receivedIds = new HashSet<>();
    private final Map<String, long[]> byPolicy = new TreeMap<>(); // policy -> {reject, defer}
    private final long[] hourReceived = new long[24];
    private final long[] hourDelivered = new long[24];
    private final long[] hourRejected = new long[24];
    private final List<String> unparsedSamples = new ArrayList<>();
    private final Set<String> alreadyCounted = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CORRELATION_WINDOW;
        }
    });
    private long deliveredLocal;
    private long deliveredRemote;
    private long queued;
    private long forwarded;
    private long discarded;
    private long deferred;
    private long bounced;
    private long refused;
    private long rejected;
    private long rejectedTemporarily;
    private long mailLines;
    private long otherDays;
    private long unparsed;

    public MailReport(LocalDate day) {
        this.day = day;
    }

    /** Reads the log line by line to its end and returns the report of {@code day}. Does not close the reader. */
    public static MailReport read(Reader log, LocalDate day) throws IOException {
        MailReport report = new MailReport(day);
        BufferedReader lines = log instanceof BufferedReader b ? b : new BufferedReader(log, 64 * 1024);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            report.accept(MailLogParser.parse(line));
        }
        return report;
    }

    /** Counts one event; {@code null} (not a mail log line) and events of other days are ignored. */
    public void accept(MailLogEvent event) {
        if (event == null) {
            return;
        }
        if (event instanceof Unparsed u && u.time() == null) { // no readable date: shown on any day's report
            unparsed(u);
            return;
        }
        ZonedDateTime t = event.time().atZone(ZoneOffset.UTC);
        if (!t.toLocalDate().equals(day)) {
            otherDays++;
            return;
        }
        mailLines++;
        int hour = t.getHour();
        if (event instanceof Delivery d) {
            delivery(d, hour);
        } else if (event instanceof FilterRefusal f) {
            filter(f, hour);
        } else if (event instanceof SessionReject r) {
            sessionReject(r, hour);
        } else if (event instanceof Unparsed u) {
            unparsed(u);
        }
    }

    private void delivery(Delivery d, int hour) {
        switch (d.result()) {
            case DELIVERED -> {
                received(d.id(), hour);
                deliveredLocal++;
                hourDelivered[hour]++;
            }
            case SENT -> {
                if (d.protocol().equals("local")) {
                    deliveredLocal++;
                } else {
                    deliveredRemote++;
                }
                hourDelivered[hour]++;
            }
            case QUEUED -> {
                received(d.id(), hour);
                queued++;
            }
            case FORWARDED -> {
                received(d.id(), hour);
                forwarded++;
            }
            case DISCARDED -> {
                received(d.id(), hour); // accepted with 250, then dropped by a map's DISCARD
                discarded++;
            }
            case DEFERRED -> deferred++;
            case BOUNCED -> bounced++;
            case REFUSED -> {
                refused++;
                // once per message: the lines of its other recipients, or the filter line before them
                if (alreadyCounted.add(d.id())) {
                    ReplyClass c = ReplyClass.of(d.detail());
                    rejection(c.policy(), c.permanent(), hour);
                }
            }
            case AUTO_REPLY -> {
                // a vacation reply is queued under its own id and counted when it is sent
            }
        }
    }

    private void filter(FilterRefusal f, int hour) {
        rejection(f.policy(), f.permanent(), hour);
        if (f.to() != null) {
            alreadyCounted.add(recipientKey(f.id() != null ? f.id() : f.clientIp(), f.to()));
            alreadyCounted.add(recipientKey(f.clientIp(), f.to()));
        } else if (f.id() != null) {
            alreadyCounted.add(f.id());
        }
    }

    private void sessionReject(SessionReject r, int hour) {
        if (r.atConnect()) {
            return; // every refusal at connect comes from the filter chain, whose own line was counted
        }
        if (alreadyCounted.remove(recipientKey(r.id(), r.to())) | alreadyCounted.remove(recipientKey(r.clientIp(), r.to()))) {
            return;
        }
        ReplyClass c = ReplyClass.of(r.code() + " " + r.text());
        rejection(c.policy(), c.permanent(), hour);
    }

    private void rejection(String policy, boolean permanent, int hour) {
        long[] counts = byPolicy.computeIfAbsent(policy, p -> new long[2]);
        counts[permanent ? 0 : 1]++;
        rejected++;
        if (!permanent) {
            rejectedTemporarily++;
        }
        hourRejected[hour]++;
    }

    private void received(String id, int hour) {
        if (receivedIds.add(id)) {
            hourReceived[hour]++;
        }
    }

    private void unparsed(Unparsed u) {
        unparsed++;
        if (unparsedSamples.size() < UNPARSED_SAMPLES) {
            unparsedSamples.add(u.line());
        }
    }

    private static String recipientKey(String idOrClient, String to) {
        return idOrClient + " <" + to + ">";
    }

    public LocalDate day() {
        return day;
    }

    public long received() {
        return receivedIds.size();
    }

    public long delivered() {
        return deliveredLocal + deliveredRemote;
    }

    public long deliveredLocal() {
        return deliveredLocal;
    }

    public long deliveredRemote() {
        return deliveredRemote;
    }

    public long queued() {
        return queued;
    }

    /** Recipient lines with {@code result=discarded}: accepted, then dropped by a map's DISCARD. */
    public long discarded() {
        return discarded;
    }

    public long forwarded() {
        return forwarded;
    }

    public long deferred() {
        return deferred;
    }

    public long bounced() {
        return bounced;
    }

    /** Recipient lines with {@code result=refused}: messages refused at the end of data. */
    public long refused() {
        return refused;
    }

    /** Refusals counted under a policy, permanent and temporary. */
    public long rejected() {
        return rejected;
    }

    public long rejectedTemporarily() {
        return rejectedTemporarily;
    }

    /** Policy name → {rejected (5xx), deferred (4xx)}, sorted by name. */
    public Map<String, long[]> rejectionsByPolicy() {
        Map<String, long[]> copy = new TreeMap<>();
        byPolicy.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    public long receivedInHour(int hour) {
        return hourReceived[hour];
    }

    public long deliveredInHour(int hour) {
        return hourDelivered[hour];
    }

    public long rejectedInHour(int hour) {
        return hourRejected[hour];
    }

    /** Mail log lines of this day, counted or not. */
    public long mailLines() {
        return mailLines;
    }

    /** Mail log lines skipped because they belong to another day. */
    public long otherDays() {
        return otherDays;
    }

    public long unparsed() {
        return unparsed;
    }

    /** The first few unparsed lines, as they were. */
    public List<String> unparsedSamples() {
        return List.copyOf(unparsedSamples);
    }
}
