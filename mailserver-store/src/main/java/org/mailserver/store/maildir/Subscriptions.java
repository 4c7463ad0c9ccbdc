package org.mailserver.store.maildir;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The subscription list of one Maildir, in the {@code subscriptions} file at the Maildir root as
 * Dovecot 2.x keeps it ({@code src/lib-storage/list/subscription-file.c}), so a Dovecot reading this
 * Maildir sees the same subscriptions and we see Dovecot's.
 *
 * <p>The format: version 2 starts with the header {@code "V\t2\n\n"}; then one name a line, with
 * the hierarchy separator ({@code .} for Maildir++) written as a tab and each level tab-escaped
 * ({@code \001} becomes {@code \0011}, tab {@code \001t}, CR {@code \001r}, LF {@code \001n}).
 * Version 1 (older Dovecot, no header) is one name a line as is. Both are read; version 2 is
 * written, as Dovecot 2.3 writes a new file. If there is no {@code subscriptions} file but Courier's
 * {@code courierimapsubscribed} exists, that is read instead ({@code INBOX.Sent} meaning store name
 * {@code Sent}, Courier's namespace being {@code INBOX.}); the first change writes {@code subscriptions}.
 *
 * <p>Names are store names ({@code Archive.2026}, mUTF-7 as on disk), {@code INBOX} in any case
 * read as {@code INBOX}. Lines that are no valid store name are kept when the file is rewritten but
 * not reported. A change is made under Dovecot's dotlock, {@code subscriptions.lock}, created
 * exclusively before the file is read and then written, fsynced and renamed over it, so that this
 * server and Dovecot (or a second process of ours) never lose each other's changes. Thread-safe.
 */
final class Subscriptions {

    static final String FILE = "subscriptions";
    static final String COURIER_FILE = "courierimapsubscribed";
    private static final String V2_HEADER = "V\t2\n\n";
    private static final String COURIER_PREFIX = FolderNames.INBOX + ".";
    private static final long STALE_LOCK_MILLIS = 30_000;
    private static final long LOCK_WAIT_MILLIS = 10_000;

    private final Path root;
    private final Object lock = new Object();

    Subscriptions(Path root) {
        this.root = root;
    }

    /** The subscribed names, in file order. */
    Set<String> read() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        synchronized (lock) {
            for (String name : load()) {
                try {
                    out.add(FolderNames.canonical(name));
                } catch (IllegalArgumentException e) {
                    // not a name we could list or select; left in the file for its writer
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * Adds or removes a name; writes the file only when that changes it. As Dovecot does, the file
     * is read and rewritten while holding its dotlock {@code subscriptions.lock}, which is also the
     * new file: written, fsynced, renamed over {@code subscriptions}, the directory fsynced.
     */
    void set(String name, boolean subscribed) throws IOException {
        String canonical = FolderNames.canonical(name);
        synchronized (lock) {
            Path target = root.resolve(FILE);
            Path dotlock = root.resolve(FILE + ".lock");
            boolean renamed = false;
            try (FileChannel out = acquire(dotlock)) {
                Set<String> names = load();
                if (!(subscribed ? names.add(canonical) : names.remove(canonical))) {
                    return;
                }
                ByteBuffer content = ByteBuffer.wrap(format(names));
                while (content.hasRemaining()) {
                    out.write(content);
                }
                out.force(true);
                Files.move(dotlock, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                renamed = true;
            } finally {
                if (!renamed) {
                    DurableFiles.deleteQuietly(dotlock);
                }
            }
            DurableFiles.fsyncDirectory(root);
        }
    }

    /** Creates the dotlock, waiting while another process holds it; a lock not touched for 30 s is stale. */
    private static FileChannel acquire(Path dotlock) throws IOException {
        long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        while (true) {
            try {
                return FileChannel.open(dotlock, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        DurableFiles.fileMode());
            } catch (FileAlreadyExistsException e) {
                try {
                    if (System.currentTimeMillis() - Files.getLastModifiedTime(dotlock).toMillis() > STALE_LOCK_MILLIS) {
                        DurableFiles.deleteQuietly(dotlock); // Dovecot's stale_timeout for this file
                        continue;
                    }
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("subscriptions are locked by another process: " + dotlock, e);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for " + dotlock);
                }
            }
        }
    }

    private Set<String> load() throws IOException {
        try {
            return parse(Files.readAllBytes(root.resolve(FILE)));
        } catch (NoSuchFileException e) {
            try {
                return parseCourier(Files.readAllBytes(root.resolve(COURIER_FILE)));
            } catch (NoSuchFileException none) {
                return new LinkedHashSet<>();
            }
        }
    }

    /** Both of Dovecot's versions; names in file order, without duplicates or empty lines. */
    static Set<String> parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        boolean v2 = text.startsWith(V2_HEADER);
        if (v2) {
            text = text.substring(V2_HEADER.length());
        }
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines(text)) {
            names.add(inboxCase(v2 ? unescapeLevels(line) : line));
        }
        return names;
    }

    static Set<String> parseCourier(byte[] content) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines(new String(content, StandardCharsets.UTF_8))) {
            String name = inboxCase(line);
            if (name.regionMatches(true, 0, COURIER_PREFIX, 0, COURIER_PREFIX.length())
                    && name.length() > COURIER_PREFIX.length()) {
                name = name.substring(COURIER_PREFIX.length());
            }
            names.add(name);
        }
        return names;
    }

    /** Version 2: the header, then each name with its levels tab-escaped and joined by tabs. */
    static byte[] format(Collection<String> names) {
        StringBuilder out = new StringBuilder(V2_HEADER);
        for (String name : names) {
            String[] levels = name.split("\\.", -1);
            for (int i = 0; i < levels.length; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                tabEscape(levels[i], out);
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    private static String inboxCase(String name) {
        return name.equalsIgnoreCase(FolderNames.INBOX) ? FolderNames.INBOX : name;
    }

    private static String unescapeLevels(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                out.append('.');
            } else if (c == '\001' && i + 1 < line.length()) {
                char e = line.charAt(++i);
                out.append(switch (e) {
                    case '1' -> '\001';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    default -> e;
                });
            } else if (c != '\001') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void tabEscape(String level, StringBuilder out) {
        for (int i = 0; i < level.length(); i++) {
            char c = level.charAt(i);
            switch (c) {
                case '\001' -> out.append('\001').append('1');
                case '\t' -> out.append('\001').append('t');
                case '\r' -> out.append('\001').append('r');
                case '\n' -> out.append('\001').append('n');
                default -> out.append(c);
            }
        }
    }
}
