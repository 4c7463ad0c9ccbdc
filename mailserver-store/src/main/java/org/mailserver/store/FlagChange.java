package org.mailserver.store;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A change of a message's flags as IMAP STORE expresses it (RFC 3501 6.4.6): replace them, add to
 * them or remove from them. Keywords compare case-insensitively (RFC 3501 2.3.2): adding one that is
 * there in another case changes nothing, removing one removes it in any case.
 *
 * @param mode replace, add or remove
 * @param systemFlags the system flags named
 * @param keywordNames the keywords named
 */
public record FlagChange(Mode mode, Set<Flag> systemFlags, Set<String> keywordNames) {

    /** FLAGS, +FLAGS, -FLAGS. */
    public enum Mode { REPLACE, ADD, REMOVE }

    public FlagChange {
        systemFlags = systemFlags.isEmpty() ? Set.of() : Set.copyOf(systemFlags);
        keywordNames = Set.copyOf(keywordNames);
    }

    /** The system flags after the change, given those before. */
    public Set<Flag> flags(Set<Flag> before) {
        Set<Flag> out = EnumSet.noneOf(Flag.class);
        if (mode != Mode.REPLACE) {
            out.addAll(before);
        }
        if (mode == Mode.REMOVE) {
            out.removeAll(systemFlags);
        } else {
            out.addAll(systemFlags);
        }
        return out;
    }

    /** The keywords after the change, given those before. */
    public Set<String> keywords(Set<String> before) {
        Set<String> out = new LinkedHashSet<>(mode == Mode.REPLACE ? Set.of() : before);
        for (String name : keywordNames) {
            if (mode == Mode.REMOVE) {
                out.removeIf(k -> k.equalsIgnoreCase(name));
            } else if (out.stream().noneMatch(k -> k.equalsIgnoreCase(name))) {
                out.add(name);
            }
        }
        return Set.copyOf(out);
    }
}
