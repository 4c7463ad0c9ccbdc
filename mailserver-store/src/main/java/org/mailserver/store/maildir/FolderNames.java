package org.mailserver.store.maildir;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Folder names and their Maildir++ directories: {@code INBOX} is the Maildir root, {@code Archive.2026}
 * is {@code <root>/.Archive.2026}. A name may not leave the Maildir: no '/', no empty segment (so no
 * {@code ..}), no control characters.
 */
final class FolderNames {

    static final String INBOX = "INBOX";

    private FolderNames() {
    }

    /** The canonical name: {@code INBOX} in any case becomes {@code INBOX}; others are checked and kept. */
    static String canonical(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty folder name");
        }
        if (name.toUpperCase(Locale.ROOT).equals(INBOX)) {
            return INBOX;
        }
        for (String segment : name.split("\\.", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("empty segment in folder name: " + printable(name));
            }
        }
        for (char c : name.toCharArray()) {
            if (c == '/' || c == '\\' || c < ' ' || c == 127) {
                throw new IllegalArgumentException("'/', '\\' or a control character in folder name: " + printable(name));
            }
        }
        return name;
    }

    static boolean isInbox(String canonical) {
        return canonical.equals(INBOX);
    }

    /** The folder's directory below the Maildir root. */
    static Path directory(Path root, String canonical) {
        Path dir = isInbox(canonical) ? root : root.resolve("." + canonical);
        if (!dir.normalize().startsWith(root.normalize())) {
            throw new IllegalArgumentException("folder outside the Maildir: " + printable(canonical));
        }
        return dir;
    }

    /** The folder name of a root entry, or null if it is not a Maildir++ folder directory name. */
    static String fromDirectoryName(String entry) {
        if (entry.length() < 2 || entry.charAt(0) != '.' || entry.charAt(1) == '.') {
            return null;
        }
        try {
            return canonical(entry.substring(1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < ' ' || c == 127 ? '?' : c);
        }
        return out.toString();
    }
}
