package org.mailserver.store.maildir;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import org.mailserver.store.Flag;

/**
 * A Maildir file name: the base name (unique part plus Dovecot's {@code ,S=} and {@code ,W=} fields)
 * and the optional info suffix ({@code :2,<letters>}), as described at https://cr.yp.to/proto/maildir.html
 * and in Dovecot's Maildir documentation.
 *
 * @param baseName everything before the first {@code :}, stable across flag changes
 * @param letters the flag letters after {@code :2,}, or null when the name has no such info
 */
record MaildirName(String baseName, String letters) {

    static final String INFO_PREFIX = ":2,";

    /** Splits a file name; an info part of another version than 2 is kept as "no flags". */
    static MaildirName parse(String fileName) {
        int colon = fileName.indexOf(':');
        if (colon < 0) {
            return new MaildirName(fileName, null);
        }
        String info = fileName.substring(colon + 1);
        return new MaildirName(fileName.substring(0, colon), info.startsWith("2,") ? info.substring(2) : "");
    }

    /** The file name for a base name and flag letters (sorted, as Dovecot and the spec want). */
    static String fileName(String baseName, String letters) {
        char[] sorted = letters.toCharArray();
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder(baseName.length() + 4 + sorted.length).append(baseName).append(INFO_PREFIX);
        char previous = 0;
        for (char c : sorted) {
            if (c != previous) {
                out.append(c);
            }
            previous = c;
        }
        return out.toString();
    }

    /** The system flags among the letters. */
    Set<Flag> flags() {
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        if (letters != null) {
            for (Flag flag : Flag.values()) {
                if (letters.indexOf(flag.letter()) >= 0) {
                    flags.add(flag);
                }
            }
        }
        return flags;
    }

    /** The letters that are neither system flags we model nor keywords (e.g. 'P', passed): kept on rename. */
    String otherLetters() {
        StringBuilder out = new StringBuilder();
        if (letters != null) {
            for (char c : letters.toCharArray()) {
                if (!(c >= 'a' && c <= 'z') && "DFRST".indexOf(c) < 0 && c > ' ' && c < 127) {
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** The {@code S=} size in a base name (Dovecot's physical size), if present. */
    static OptionalLong size(String baseName) {
        return field(baseName, "S=");
    }

    private static OptionalLong field(String baseName, String key) {
        int comma = baseName.indexOf(',');
        while (comma >= 0) {
            int next = baseName.indexOf(',', comma + 1);
            String part = baseName.substring(comma + 1, next < 0 ? baseName.length() : next);
            if (part.startsWith(key)) {
                try {
                    return OptionalLong.of(Long.parseLong(part.substring(key.length())));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
            comma = next;
        }
        return OptionalLong.empty();
    }

    /** The delivery time from the leading {@code <secs>[.M<usecs>]}, or null when the name has none. */
    static Instant time(String baseName) {
        int dot = baseName.indexOf('.');
        String secs = dot < 0 ? baseName : baseName.substring(0, dot);
        if (secs.isEmpty() || secs.length() > 12 || !secs.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long micros = 0;
        if (dot >= 0 && baseName.length() > dot + 1 && baseName.charAt(dot + 1) == 'M') {
            int end = dot + 2;
            while (end < baseName.length() && end < dot + 8 && Character.isDigit(baseName.charAt(end))) {
                end++;
            }
            if (end > dot + 2) {
                micros = Long.parseLong(baseName.substring(dot + 2, end));
            }
        }
        return Instant.ofEpochSecond(Long.parseLong(secs), micros * 1000);
    }

    /** The {@code W=} size in a base name (Dovecot's virtual size: line ends counted as CRLF), if present. */
    static OptionalLong virtualSize(String baseName) {
        return field(baseName, "W=");
    }

    /** The {@code W<size>} field among a dovecot-uidlist line's extension fields, if present. */
    static OptionalLong extensionSize(String extensions) {
        for (String field : extensions.split(" ")) {
            if (field.length() > 1 && field.charAt(0) == 'W') {
                try {
                    return OptionalLong.of(Long.parseLong(field.substring(1)));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
