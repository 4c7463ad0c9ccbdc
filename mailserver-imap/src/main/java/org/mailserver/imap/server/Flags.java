package org.mailserver.imap.server;

import java.util.Set;
import java.util.TreeSet;
import org.mailserver.store.Flag;
import org.mailserver.store.MessageInfo;

/** IMAP flag names and flag lists (RFC 3501 2.3.2). */
final class Flags {
    /** The FLAGS response and the PERMANENTFLAGS of a writable mailbox ({@code \*}: keywords may be created). */
    static final String SYSTEM = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    private Flags() {
    }

    /** {@code (\Seen $Forwarded)}: the message's flags, with \Recent when it is recent for the session. */
    static String format(MessageInfo info, boolean recent) {
        StringBuilder out = new StringBuilder("(");
        for (Flag flag : Flag.values()) {
            if (info.flags().contains(flag)) {
                space(out).append(flag.imapName());
            }
        }
        if (recent) {
            space(out).append("\\Recent");
        }
        for (String keyword : new TreeSet<>(info.keywords())) {
            space(out).append(keyword);
        }
        return out.append(')').toString();
    }

    private static StringBuilder space(StringBuilder out) {
        return out.length() > 1 ? out.append(' ') : out;
    }

    /** The system flag an IMAP name stands for (case-insensitive), or null for a keyword. */
    static Flag system(String name) {
        if (!name.startsWith("\\")) {
            return null;
        }
        for (Flag flag : Flag.values()) {
            if (flag.imapName().equalsIgnoreCase(name)) {
                return flag;
            }
        }
        return null;
    }

    /**
     * Whether a name may be stored: a system flag other than \Recent, or a keyword atom (RFC 3501 9
     * {@code flag-keyword}). Other backslash names (\Recent, \Foo) may not be stored.
     */
    static boolean storable(String name) {
        if (name.startsWith("\\")) {
            return system(name) != null;
        }
        return !name.isEmpty() && name.chars().noneMatch(c -> c <= ' ' || c >= 127 || "(){%*\"\\]".indexOf(c) >= 0);
    }

    static Set<Flag> systemFlags(Iterable<String> names) {
        Set<Flag> out = java.util.EnumSet.noneOf(Flag.class);
        for (String name : names) {
            Flag f = system(name);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    static Set<String> keywords(Iterable<String> names) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String name : names) {
            if (!name.startsWith("\\")) {
                out.add(name);
            }
        }
        return out;
    }
}
