package org.mailserver.smtp.client;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The service extensions a server announced in its EHLO/LHLO reply (RFC 5321 4.1.1.1). */
final class Extensions {
    private final Map<String, String> keywords = new HashMap<>();

    /** From an EHLO reply: the first line is the greeting, each further line a keyword with parameters. */
    static Extensions of(ClientReply ehlo) {
        Extensions e = new Extensions();
        for (int i = 1; i < ehlo.lines().size(); i++) {
            String line = ehlo.lines().get(i).trim();
            int sp = line.indexOf(' ');
            String key = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
            e.keywords.put(key, sp < 0 ? "" : line.substring(sp + 1).trim());
        }
        return e;
    }

    /** None, after a HELO. */
    static Extensions none() {
        return new Extensions();
    }

    boolean has(String keyword) {
        return keywords.containsKey(keyword);
    }

    /** RFC 1870: {@code SIZE n}, 0 when absent or without a limit. */
    long maxSize() {
        String v = keywords.get("SIZE");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v.split(" ")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
