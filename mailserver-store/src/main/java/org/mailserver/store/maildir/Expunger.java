package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.mailserver.store.maildir.DirectoryScanner.Location;

/**
 * Removes messages' files. The unlinks are made durable by an fsync of each directory they were in
 * ({@code cur/}, {@code new/}: at most two per call, whatever the number of messages), so a POP3
 * deletion committed at QUIT, or an IMAP EXPUNGE, does not come back after a crash. The folder calls
 * {@link #unlink} under its lock and {@link #sync} after releasing it, before telling anyone.
 */
final class Expunger {

    private Expunger() {
    }

    /**
     * Unlinks the files of these UIDs and forgets them; adds the UIDs removed to {@code removed} and
     * the subdirectories unlinked from to {@code touched}, also when a later file fails.
     */
    static void unlink(FolderIndex index, Path dir, Collection<Long> uids, List<Long> removed, Set<String> touched)
            throws IOException {
        for (Long uid : uids) {
            MessageEntry entry = index.byUid(uid);
            if (entry == null) {
                continue;
            }
            touched.add(entry.location.subdir());
            if (!Files.deleteIfExists(entry.path(dir))) {
                Location moved = DirectoryScanner.find(dir, entry.baseName); // renamed by another program
                if (moved != null) {
                    entry.moveTo(moved);
                    touched.add(moved.subdir());
                    Files.deleteIfExists(entry.path(dir));
                }
            }
            index.remove(entry);
            removed.add(uid);
        }
    }

    /** fsync of the directories the unlinks were in. */
    static void sync(Path dir, Set<String> touched) throws IOException {
        for (String subdir : touched) {
            DurableFiles.fsyncDirectory(dir.resolve(subdir));
        }
    }
}
