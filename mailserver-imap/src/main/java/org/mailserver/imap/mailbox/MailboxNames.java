package org.mailserver.imap.mailbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * IMAP mailbox names and the store's folder names.
 *
 * <p>An IMAP name is modified UTF-7 as the client sent it (RFC 3501 5.1.3), with {@code /} as the
 * hierarchy delimiter; {@code INBOX} is case-insensitive, also as the first level
 * ({@code inbox/child} is {@code INBOX/child}, RFC 3501 5.1). A store name is the Maildir++ name,
 * {@code .} between levels ({@code Archive.2026} is the directory {@code .Archive.2026}), kept in
 * modified UTF-7 as Dovecot keeps it on disk. The mapping replaces {@code /} with {@code .} and
 * writes a {@code .} or {@code \} inside a level as its modified UTF-7 escape {@code &AC4-} or
 * {@code &AFw-}: strict modified UTF-7 never shifts printable ASCII, so these sequences cannot
 * come from a client and the mapping is reversible.
 *
 * <p>Refused with {@link MailboxNameException}: empty names and levels ({@code a//b}, a leading or
 * trailing {@code /}), invalid modified UTF-7, control characters, the levels {@code .} and
 * {@code ..}, and names whose Maildir++ directory would be too long (see
 * {@link #MAX_STORE_NAME_OCTETS}). Pure functions, thread-safe.
 */
public final class MailboxNames {

    /** The IMAP hierarchy delimiter. */
    public static final char DELIMITER = '/';
    public static final String INBOX = "INBOX";
    /**
     * The longest store name, in octets. A Maildir++ folder is one directory, {@code .} + name,
     * and the store builds and deletes folders under longer temporary names ({@code ..name.deleted.}
     * and a unique suffix of about 50 octets), all of which must fit the usual 255-octet limit of
     * a file name.
     */
    public static final int MAX_STORE_NAME_OCTETS = 160;

    private static final char STORE_SEPARATOR = '.';
    private static final String ESCAPED_DOT = "&AC4-";
    private static final String ESCAPED_BACKSLASH = "&AFw-";

    private MailboxNames() {
    }

    /**
     * The name checked, with {@code INBOX} in upper case as the whole name or its first level.
     *
     * @throws MailboxNameException if the name is refused (see the class comment)
     */
    public static String canonical(String imapName) {
        if (imapName == null || imapName.isEmpty()) {
            throw new MailboxNameException("Empty mailbox name");
        }
        if (!ModifiedUtf7.isValid(imapName)) {
            throw new MailboxNameException("Mailbox name is not valid modified UTF-7 (RFC 3501 5.1.3): "
                    + printable(imapName));
        }
        List<String> levels = split(imapName);
        for (String level : levels) {
            if (level.isEmpty()) {
                throw new MailboxNameException("Empty hierarchy level in mailbox name: " + printable(imapName));
            }
            if (level.equals(".") || level.equals("..")) {
                throw new MailboxNameException("'.' and '..' are not mailbox names: " + printable(imapName));
            }
            String text = ModifiedUtf7.decode(level);
            for (int i = 0; i < text.length(); i++) {
                if (Character.isISOControl(text.charAt(i))) {
                    throw new MailboxNameException("Control character in mailbox name: " + printable(imapName));
                }
            }
        }
        if (levels.get(0).equalsIgnoreCase(INBOX) && !levels.get(0).equals(INBOX)) {
            return INBOX + imapName.substring(INBOX.length());
        }
        return imapName;
    }

    /** Whether the name is {@code INBOX}, in any case. */
    public static boolean isInbox(String imapName) {
        return INBOX.equalsIgnoreCase(imapName);
    }

    /**
     * The store name of an IMAP name ({@code Archive/2026} to {@code Archive.2026},
     * {@code v1.2} to {@code v1&AC4-2}, {@code inbox} to {@code INBOX}).
     *
     * @throws MailboxNameException if the name is refused
     */
    public static String toStore(String imapName) {
        String canonical = canonical(imapName);
        StringBuilder out = new StringBuilder(canonical.length() + 8);
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            switch (c) {
                case DELIMITER -> out.append(STORE_SEPARATOR);
                case '.' -> out.append(ESCAPED_DOT);
                case '\\' -> out.append(ESCAPED_BACKSLASH);
                default -> out.append(c);
            }
        }
        String store = out.toString();
        if (store.getBytes(StandardCharsets.UTF_8).length > MAX_STORE_NAME_OCTETS) {
            throw new MailboxNameException("Mailbox name too long (at most " + MAX_STORE_NAME_OCTETS
                    + " octets as stored)");
        }
        return store;
    }

    /**
     * The IMAP name of a store name ({@code Archive.2026} to {@code Archive/2026}).
     *
     * @throws MailboxNameException if the store name has no IMAP name that maps back to it (a
     *     directory made by another program with 8-bit or otherwise invalid modified UTF-7, say);
     *     such folders cannot be listed or selected
     */
    public static String toImap(String storeName) {
        if (storeName == null || storeName.isEmpty()) {
            throw new MailboxNameException("Empty folder name");
        }
        StringBuilder out = new StringBuilder(storeName.length());
        int i = 0;
        while (i < storeName.length()) {
            char c = storeName.charAt(i);
            if (c == STORE_SEPARATOR) {
                out.append(DELIMITER);
                i++;
            } else if (c == '/') {
                throw new MailboxNameException("'/' in folder name: " + printable(storeName));
            } else if (c == '&') {
                int end = storeName.indexOf('-', i + 1);
                if (end < 0) {
                    throw new MailboxNameException("Folder name is not modified UTF-7: " + printable(storeName));
                }
                String token = storeName.substring(i, end + 1);
                out.append(token.equals(ESCAPED_DOT) ? "." : token.equals(ESCAPED_BACKSLASH) ? "\\" : token);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        String imap = out.toString();
        if (!toStore(imap).equals(storeName)) {
            throw new MailboxNameException("Folder name has no IMAP name that maps back to it: " + printable(storeName));
        }
        return canonical(imap);
    }

    /**
     * The superior names of a name, outermost first ({@code a/b/c} gives {@code a}, {@code a/b}),
     * which CREATE makes when they are missing (RFC 3501 6.3.3).
     *
     * @throws MailboxNameException if the name is refused
     */
    public static List<String> parents(String imapName) {
        String canonical = canonical(imapName);
        List<String> out = new ArrayList<>();
        for (int i = canonical.indexOf(DELIMITER); i >= 0; i = canonical.indexOf(DELIMITER, i + 1)) {
            out.add(canonical.substring(0, i));
        }
        return out;
    }

    /**
     * The name without one trailing delimiter: {@code CREATE foo/} declares that {@code foo} will
     * have inferiors and creates {@code foo} (RFC 3501 6.3.3). Other names are returned as they are.
     */
    public static String withoutTrailingDelimiter(String imapName) {
        if (imapName != null && imapName.length() > 1 && imapName.charAt(imapName.length() - 1) == DELIMITER) {
            return imapName.substring(0, imapName.length() - 1);
        }
        return imapName;
    }

    /** The levels of a name, split at the delimiter (empty levels kept). */
    static List<String> split(String imapName) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = imapName.indexOf(DELIMITER); i >= 0; i = imapName.indexOf(DELIMITER, start)) {
            out.add(imapName.substring(start, i));
            start = i + 1;
        }
        out.add(imapName.substring(start));
        return out;
    }

    /** A name fit for a response text: printable ASCII, control and 8-bit characters as '?', at most 100 long. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), 100) + 3);
        for (int i = 0; i < name.length() && i < 100; i++) {
            char c = name.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        if (name.length() > 100) {
            out.append("...");
        }
        return out.toString();
    }
}
