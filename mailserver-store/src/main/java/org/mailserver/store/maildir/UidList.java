package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Dovecot's {@code dovecot-uidlist}, version 3: a header {@code 3 V<uidvalidity> N<nextuid> G<guid>}
 * (other header fields are kept as they are), then one line per message
 * {@code <uid> [<extension fields>] :<file name>}. Version 1 (Courier's {@code <uid> <file name>})
 * is read too. We write version 3 with base names only; Dovecot matches by base name.
 *
 * @param headerExtras header fields other than V, N and G, kept for Dovecot
 * @param entries in ascending UID order
 */
record UidList(long uidValidity, long nextUid, String guid, List<String> headerExtras, List<Entry> entries) {

    static final String FILE_NAME = "dovecot-uidlist";

    /** One message: its UID, extension fields we do not use but keep (e.g. {@code W1234}), base name. */
    record Entry(long uid, String extensions, String baseName) {
    }

    /** Thrown for a file we cannot understand: the caller starts a new UIDVALIDITY. */
    static final class FormatException extends IOException {
        FormatException(String message) {
            super(message);
        }
    }

    public UidList {
        headerExtras = List.copyOf(headerExtras);
        entries = List.copyOf(entries);
    }

    /**
     * Reads the folder's list, or returns null when there is none yet. Bytes that are not UTF-8 (a
     * file name written in another charset, or a damaged file) are decoded as U+FFFD, as the JDK
     * decodes such file names, rather than failing: a list we cannot parse is a FormatException.
     */
    static UidList read(Path folderDir) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(folderDir.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return null;
        }
        return parse(new String(content, StandardCharsets.UTF_8).lines().toList());
    }

    static UidList parse(List<String> lines) throws FormatException {
        if (lines.isEmpty()) {
            throw new FormatException("empty " + FILE_NAME);
        }
        String[] header = lines.get(0).trim().split(" +");
        boolean v3 = header[0].equals("3");
        long uidValidity = 0;
        long nextUid = 1;
        String guid = null;
        List<String> extras = new ArrayList<>();
        if (v3) {
            for (int i = 1; i < header.length; i++) {
                String field = header[i];
                switch (field.isEmpty() ? ' ' : field.charAt(0)) {
                    case 'V' -> uidValidity = number(field.substring(1));
                    case 'N' -> nextUid = number(field.substring(1));
                    case 'G' -> guid = field.substring(1);
                    default -> extras.add(field);
                }
            }
        } else if (header[0].equals("1") && header.length >= 3) {
            uidValidity = number(header[1]);
            nextUid = number(header[2]);
        } else {
            throw new FormatException("unsupported " + FILE_NAME + " version: " + header[0]);
        }
        if (uidValidity <= 0) {
            throw new FormatException("no UIDVALIDITY in " + FILE_NAME);
        }
        List<Entry> entries = new ArrayList<>();
        long lastUid = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            Entry entry = v3 ? parseV3(line) : parseV1(line);
            if (entry.uid() <= lastUid) {
                throw new FormatException("UIDs not ascending in " + FILE_NAME + " at " + entry.uid());
            }
            lastUid = entry.uid();
            entries.add(entry);
        }
        return new UidList(uidValidity, Math.max(nextUid, lastUid + 1), guid, extras, entries);
    }

    private static Entry parseV3(String line) throws FormatException {
        int space = line.indexOf(' ');
        int name = line.indexOf(" :");
        if (space <= 0 || name < space) {
            throw new FormatException("bad " + FILE_NAME + " line: " + line);
        }
        long uid = number(line.substring(0, space));
        String extensions = line.substring(space, name).trim();
        return new Entry(uid, extensions, MaildirName.parse(line.substring(name + 2)).baseName());
    }

    private static Entry parseV1(String line) throws FormatException {
        int space = line.indexOf(' ');
        if (space <= 0) {
            throw new FormatException("bad " + FILE_NAME + " line: " + line);
        }
        return new Entry(number(line.substring(0, space)), "", MaildirName.parse(line.substring(space + 1).trim()).baseName());
    }

    private static long number(String text) throws FormatException {
        try {
            long value = Long.parseLong(text);
            if (value < 0 || value > 0xFFFFFFFFL) {
                throw new FormatException("out of range in " + FILE_NAME + ": " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new FormatException("not a number in " + FILE_NAME + ": " + text);
        }
    }

    /** The file's text, version 3. */
    String format() {
        StringBuilder out = new StringBuilder(64 + entries.size() * 64);
        out.append("3 V").append(uidValidity).append(" N").append(nextUid);
        if (guid != null && !guid.isEmpty()) {
            out.append(" G").append(guid);
        }
        for (String extra : headerExtras) {
            out.append(' ').append(extra);
        }
        out.append('\n');
        for (Entry entry : entries) {
            out.append(entry.uid());
            if (!entry.extensions().isEmpty()) {
                out.append(' ').append(entry.extensions());
            }
            out.append(" :").append(entry.baseName()).append('\n');
        }
        return out.toString();
    }

    /** Writes the list atomically (temp file, fsync, rename, fsync directory). */
    void write(Path folderDir) throws IOException {
        DurableFiles.replace(folderDir.resolve(FILE_NAME), format().getBytes(StandardCharsets.UTF_8));
    }
}
