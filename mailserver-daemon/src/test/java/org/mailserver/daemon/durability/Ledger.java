package org.mailserver.daemon.durability;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the load clients sent and what the server acknowledged, per (message, recipient). A message
 * is entered before its MAIL command, so a file the server wrote for a transaction the client never
 * saw acknowledged is still known (and checked for completeness). Thread-safe.
 */
final class Ledger {

    /** How a message entered the server. */
    enum Route { LMTP, SMTP_LOCAL, SMTP_REMOTE, SMTP_MIXED }

    /**
     * One message: its unique marker (in {@code Message-ID} and {@code X-Marker}), the recipients
     * tried, its content as the server must store it (CRLF, not dot-stuffed), and the recipients
     * that got a final 250.
     */
    static final class Sent {
        final String marker;
        final Route route;
        final List<String> recipients;
        final byte[] content;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        /** True once the end-of-data dot was written to the socket. */
        volatile boolean dataSent;

        Sent(String marker, Route route, List<String> recipients, byte[] content) {
            this.marker = marker;
            this.route = route;
            this.recipients = List.copyOf(recipients);
            this.content = content;
        }

        /** The part after the header's empty line. */
        byte[] body() {
            int end = Bytes.headerEnd(content);
            return java.util.Arrays.copyOfRange(content, end, content.length);
        }
    }

    private final Map<String, Sent> byMarker = new ConcurrentHashMap<>();
    final AtomicInteger refusedOrDeferred = new AtomicInteger();

    Sent add(String marker, Route route, List<String> recipients, Random random) {
        Sent s = new Sent(marker, route, recipients, content(marker, recipients, random));
        byMarker.put(marker, s);
        return s;
    }

    Sent get(String marker) {
        return byMarker.get(marker);
    }

    Collection<Sent> all() {
        return byMarker.values();
    }

    /**
     * A message of 300 B to 20 KB (one in 25 about 100 KB, past the spool's memory threshold),
     * CRLF, with a few lines that start with a dot (so transparency is exercised) and no Date
     * header (nothing here depends on the clock).
     */
    static byte[] content(String marker, List<String> recipients, Random random) {
        StringBuilder b = new StringBuilder();
        b.append("From: <load@client.test>\r\n");
        b.append("To: ").append(String.join(", ", recipients.stream().map(r -> "<" + r + ">").toList())).append("\r\n");
        b.append("Subject: crash loop ").append(marker).append("\r\n");
        b.append("Message-ID: <").append(marker).append("@crash.test>\r\n");
        b.append("X-Marker: ").append(marker).append("\r\n");
        b.append("\r\n");
        int size = random.nextInt(25) == 0 ? 80_000 + random.nextInt(40_000) : 300 + random.nextInt(20_000);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
        while (b.length() < size) {
            if (random.nextInt(20) == 0) {
                b.append('.');
            }
            int n = random.nextInt(120);
            for (int i = 0; i < n; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            b.append("\r\n");
        }
        b.append("end of ").append(marker).append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
