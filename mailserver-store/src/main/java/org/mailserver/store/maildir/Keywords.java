package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Dovecot's {@code dovecot-keywords}: lines {@code <index> <name>}; the letters {@code a}..{@code z}
 * in a file name's info stand for indexes 0..25. An index, once given, keeps its name. Not
 * thread-safe: the folder's lock guards it.
 */
final class Keywords {

    static final String FILE_NAME = "dovecot-keywords";
    static final int MAX = 26;

    private final String[] names = new String[MAX];
    private boolean changed;

    /** Reads the folder's file; an absent file means no keywords. Lines we cannot read are skipped. */
    static Keywords read(Path folderDir) throws IOException {
        Keywords keywords = new Keywords();
        List<String> lines;
        try {
            lines = Files.readAllLines(folderDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return keywords;
        }
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                int index = Integer.parseInt(line.substring(0, space));
                String name = line.substring(space + 1).trim();
                if (index >= 0 && index < MAX && !name.isEmpty()) {
                    keywords.names[index] = name;
                }
            } catch (NumberFormatException ignored) {
                // not a keyword line
            }
        }
        return keywords;
    }

    /** The keyword names for the lowercase letters in {@code letters}; letters without a name are ignored. */
    Set<String> namesOf(String letters) {
        if (letters == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (char c : letters.toCharArray()) {
            if (c >= 'a' && c <= 'z' && names[c - 'a'] != null) {
                out.add(names[c - 'a']);
            }
        }
        return out;
    }

    /**
     * The letters for these names, giving new names the lowest free index (then {@link #takeChanged()}
     * is true and the caller writes the file). Throws when all 26 indexes are taken.
     */
    String lettersFor(Set<String> keywords) throws IOException {
        keywords.forEach(Keywords::validate);
        StringBuilder letters = new StringBuilder();
        for (String keyword : keywords) {
            int index = indexOf(keyword);
            if (index < 0) {
                index = Arrays.asList(names).indexOf(null);
                if (index < 0) {
                    throw new IOException("this folder already has " + MAX + " keywords; cannot add " + keyword);
                }
                names[index] = keyword;
                changed = true;
            }
            letters.append((char) ('a' + index));
        }
        return letters.toString();
    }

    /** Whether names were added since the last call. */
    boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    /** IMAP keywords match case-insensitively (RFC 3501 2.3.2). */
    private int indexOf(String keyword) {
        for (int i = 0; i < MAX; i++) {
            if (names[i] != null && names[i].toLowerCase(Locale.ROOT).equals(keyword.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    private static void validate(String keyword) {
        if (keyword.isEmpty() || keyword.startsWith("\\")) {
            throw new IllegalArgumentException("not a keyword: " + keyword);
        }
        for (char c : keyword.toCharArray()) {
            if (c <= ' ' || c == 127) {
                throw new IllegalArgumentException("space or control character in keyword: " + keyword);
            }
        }
    }

    String format() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            if (names[i] != null) {
                lines.add(i + " " + names[i]);
            }
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    void write(Path folderDir) throws IOException {
        DurableFiles.replace(folderDir.resolve(FILE_NAME), format().getBytes(StandardCharsets.UTF_8));
    }
}
