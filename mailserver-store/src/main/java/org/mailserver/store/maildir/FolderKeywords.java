package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;

/**
 * A folder's {@code dovecot-keywords} table as last read or written, reloaded when another program
 * changed the file (its mtime moved). Not thread-safe: the folder's lock guards it.
 */
final class FolderKeywords {

    private final Path dir;
    private Keywords table;
    private FileTime stamp;

    private FolderKeywords(Path dir) {
        this.dir = dir;
    }

    static FolderKeywords read(Path dir) throws IOException {
        FolderKeywords keywords = new FolderKeywords(dir);
        keywords.reload();
        return keywords;
    }

    Keywords table() {
        return table;
    }

    /** Rereads the file if another program changed it; true if so (cached infos are then stale). */
    boolean reloadIfChanged() throws IOException {
        FileTime now = stamp();
        if (now == null ? stamp == null : now.equals(stamp)) {
            return false;
        }
        reload();
        return true;
    }

    /** The letters for these keywords; new names are given letters and the file is written durably. */
    String lettersFor(Set<String> names) throws IOException {
        String letters = table.lettersFor(names);
        writeIfChanged();
        return letters;
    }

    /** Writes the file if names were added to the table (by {@link FlagRenamer}, say). */
    void writeIfChanged() throws IOException {
        if (table.takeChanged()) {
            table.write(dir);
            stamp = stamp();
        }
    }

    private void reload() throws IOException {
        stamp = stamp();
        table = Keywords.read(dir);
    }

    private FileTime stamp() throws IOException {
        try {
            return Files.getLastModifiedTime(dir.resolve(Keywords.FILE_NAME));
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
