package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The folder's mod-sequences (RFC 7162 CONDSTORE), in {@code mailserver-modseq} beside
 * {@code dovecot-uidlist}: a header {@code M1 V<uidvalidity> C<ceiling>}, then one line per message
 * {@code <uid> <modseq> <flag letters or ->}. Dovecot keeps these in its own index files, which we
 * do not write; other Maildir software ignores this file.
 *
 * <p>The ceiling makes mod-sequences survive a crash without a write per change: the folder hands
 * out values up to the ceiling written here, and writes a higher ceiling (durably) before going
 * past it. After a crash the folder starts above the ceiling, so no value is ever given twice. The
 * letters tell, at the next start, which messages changed flags since the file was written (by us
 * before a crash, or by another program while we were down): those get a new mod-sequence.
 */
final class ModSeqFile {
    static final String FILE_NAME = "mailserver-modseq";

    /** One message's mod-sequence and the flag letters its file name had then. */
    record Entry(long modSeq, String letters) {
    }

    /** What the file holds. */
    record Data(long uidValidity, long ceiling, Map<Long, Entry> entries) {
    }

    private ModSeqFile() {
    }

    /** The file's data, or null when there is none or it cannot be read (then every message gets a new value). */
    static Data read(Path folderDir) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(folderDir.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return null;
        }
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        try {
            String[] header = lines[0].trim().split(" ");
            if (!header[0].equals("M1") || header.length < 3 || !header[1].startsWith("V") || !header[2].startsWith("C")) {
                return null;
            }
            long validity = Long.parseLong(header[1].substring(1));
            long ceiling = Long.parseLong(header[2].substring(1));
            Map<Long, Entry> entries = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].trim().split(" ");
                if (f.length == 3) {
                    entries.put(Long.parseLong(f[0]), new Entry(Long.parseLong(f[1]), f[2].equals("-") ? "" : f[2]));
                }
            }
            return new Data(validity, ceiling, entries);
        } catch (RuntimeException e) {
            return null; // damaged: treated as absent, which only costs clients a full resync
        }
    }

    /** Writes the file atomically and durably. */
    static void write(Path folderDir, long uidValidity, long ceiling, Collection<MessageEntry> entries) throws IOException {
        StringBuilder out = new StringBuilder(32 + entries.size() * 24);
        out.append("M1 V").append(uidValidity).append(" C").append(ceiling).append('\n');
        for (MessageEntry entry : entries) {
            if (entry.location == null) {
                continue;
            }
            String letters = entry.letters();
            out.append(entry.uid).append(' ').append(entry.modSeq).append(' ')
                    .append(letters.isEmpty() ? "-" : letters).append('\n');
        }
        DurableFiles.replace(folderDir.resolve(FILE_NAME), out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
