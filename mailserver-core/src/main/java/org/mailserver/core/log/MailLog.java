package org.mailserver.core.log;

import java.net.SocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail log: one line per session event and one per delivery, {@code key=value} fields in a fixed
 * order so it can be grepped like Postfix's. Values that come from clients are sanitised (no CR, LF
 * or other control characters, bounded length).
 */
public final class MailLog {
    private static final Logger LOG = LoggerFactory.getLogger("mail");

    private MailLog() {
    }

    /** {@code pop3: connect from=[127.0.0.1]:4711}, {@code lmtp: disconnect ...} and the like. */
    public static void session(String protocol, String event, SocketAddress client, String detail) {
        if (detail == null || detail.isEmpty()) {
            LOG.info("{}: {} client={}", protocol, event, client(client));
        } else {
            LOG.info("{}: {} client={} {}", protocol, event, client(client), clean(detail));
        }
    }

    /** One line per recipient: {@code id=... from=<...> to=<...> size=... result=... delay=...}. */
    public static void delivery(String protocol, String id, String from, String to, long size, String result,
                                Duration delay) {
        LOG.info("{}: id={} from=<{}> to=<{}> size={} result={} delay={}", protocol, id, clean(from), clean(to),
                size, clean(result), String.format(java.util.Locale.ROOT, "%.3fs", delay.toNanos() / 1e9));
    }

    /** The client address as {@code 127.0.0.1:4711} without the leading slash. */
    public static String client(SocketAddress address) {
        if (address == null) {
            return "unknown";
        }
        String s = address.toString();
        int slash = s.indexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }

    /**
     * Replaces control characters and bounds the length of client-supplied text. C1 controls count
     * too (NEL, U+0085, ends a line for some readers), and so do the Unicode line and paragraph
     * separators: no client text may look like a second log line to any reader.
     */
    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (s.length() > 200) {
            b.append("...");
        }
        return b.toString();
    }
}
