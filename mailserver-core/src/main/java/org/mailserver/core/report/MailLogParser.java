package org.mailserver.core.report;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailserver.core.report.MailLogEvent.Delivery;
import org.mailserver.core.report.MailLogEvent.FilterRefusal;
import org.mailserver.core.report.MailLogEvent.Other;
import org.mailserver.core.report.MailLogEvent.Result;
import org.mailserver.core.report.MailLogEvent.SessionReject;
import org.mailserver.core.report.MailLogEvent.Unparsed;

/**
 * Parses one line of the server's output into a {@link MailLogEvent}. The shapes are those written
 * by {@code MailLog.session}, {@code MailLog.delivery} and {@code FilterChain} through the pattern of
 * {@code conf/logback.xml}: {@code 2026-11-23T14:09:26.260Z INFO  [thread] mail: smtp: ...}. Anything
 * may come before the timestamp (a journald or syslog prefix). Stateless and thread-safe.
 */
public final class MailLogParser {
    private static final Pattern LINE = Pattern.compile(
            "^(?:.*?\\s)?(\\S+)\\s+(?:TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\[[^\\]]*\\]\\s+mail: (.*)$");
    private static final Pattern PROTOCOL = Pattern.compile("^([a-z0-9]+): (.*)$");
    private static final Pattern DELIVERY = Pattern.compile(
            "^id=(\\S*) from=<(.*?)> to=<(.*?)> size=(\\d+) result=(.*) delay=\\d+(?:\\.\\d+)?s$");
    private static final Pattern FILTER = Pattern.compile(
            "^(reject|defer) policy=(\\S+) rule=(.*?) stage=(\\S+) client=(\\S+)(?: helo=<.*?>)?(?: from=<.*?>)?"
                    + "(?: to=<(.*?)>)?(?: id=(\\S+))? reply=(\\d{3}) .*$");
    private static final Pattern REJECT = Pattern.compile(
            "^reject client=(\\S+) (?:at connect: (\\d{3})(?: (.*))?|id=(\\S+) to=<(.*?)> (\\d{3})(?: (.*))?)$");

    private MailLogParser() {
    }

    /**
     * @return {@code null} for a line that is not on the {@code mail} logger (other loggers, stack
     * traces, blank lines); otherwise the event, {@link Unparsed} when the line is broken
     */
    public static MailLogEvent parse(String line) {
        if (line == null || !line.contains(" mail: ")) { // cheap test first: most of a busy log is not ours
            return null;
        }
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return null;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(m.group(1)).toInstant();
        } catch (DateTimeParseException e) {
            return new Unparsed(null, line);
        }
        Matcher p = PROTOCOL.matcher(m.group(2));
        if (!p.matches()) {
            return new Unparsed(time, line);
        }
        String protocol = p.group(1);
        String rest = p.group(2);
        if (protocol.equals("filter")) {
            return filter(time, rest, line);
        }
        if (rest.startsWith("id=")) {
            return delivery(time, protocol, rest, line);
        }
        if (rest.startsWith("reject ")) {
            return reject(time, protocol, rest, line);
        }
        return new Other(time);
    }

    private static MailLogEvent delivery(Instant time, String protocol, String rest, String line) {
        Matcher d = DELIVERY.matcher(rest);
        if (!d.matches()) {
            return new Unparsed(time, line);
        }
        String result = d.group(5);
        int end = 0;
        while (end < result.length() && (Character.isLetter(result.charAt(end)) || result.charAt(end) == '-')) {
            end++;
        }
        Result word;
        try {
            word = Result.valueOf(result.substring(0, end).replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new Unparsed(time, line); // a result word this report does not know yet
        }
        return new Delivery(time, protocol, d.group(1), d.group(3), Long.parseLong(d.group(4)), word,
                result.substring(end).strip());
    }

    private static MailLogEvent filter(Instant time, String rest, String line) {
        if (!rest.startsWith("reject ") && !rest.startsWith("defer ")) {
            return new Other(time); // accept (debug) and error lines
        }
        Matcher f = FILTER.matcher(rest);
        if (!f.matches()) {
            return new Unparsed(time, line);
        }
        return new FilterRefusal(time, f.group(1).equals("reject"), f.group(2), f.group(3), f.group(4),
                ip(f.group(5)), f.group(7), f.group(6));
    }

    private static MailLogEvent reject(Instant time, String protocol, String rest, String line) {
        Matcher r = REJECT.matcher(rest);
        if (!r.matches()) {
            return new Unparsed(time, line);
        }
        if (r.group(2) != null) {
            return new SessionReject(time, protocol, ip(r.group(1)), true, null, null,
                    Integer.parseInt(r.group(2)), nullToEmpty(r.group(3)));
        }
        return new SessionReject(time, protocol, ip(r.group(1)), false, r.group(4), r.group(5),
                Integer.parseInt(r.group(6)), nullToEmpty(r.group(7)));
    }

    /** {@code [192.0.2.1]}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711} → the bare address. */
    static String ip(String client) {
        if (client.startsWith("[")) {
            int close = client.indexOf(']');
            return close > 0 ? client.substring(1, close) : client;
        }
        int colon = client.lastIndexOf(':');
        // one colon: IPv4 with a port; more: an IPv6 address written without brackets, keep it whole
        return colon > 0 && client.indexOf(':') == colon ? client.substring(0, colon) : client;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
