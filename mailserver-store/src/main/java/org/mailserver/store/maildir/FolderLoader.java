package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a folder's Maildir for {@link MaildirFolder}: makes any missing cur/new/tmp, cleans stale
 * tmp/ files, reads dovecot-uidlist and dovecot-keywords, scans, and writes the UID list if the scan
 * changed it. A dovecot-uidlist that cannot be read is replaced at once by a new one with a new
 * UIDVALIDITY (logged): the folder always opens.
 */
final class FolderLoader {

    private static final Logger LOG = LoggerFactory.getLogger(FolderLoader.class);

    /** What the folder starts with. */
    record Loaded(FolderIndex index, FolderKeywords keywords) {
    }

    private FolderLoader() {
    }

    static Loaded load(String name, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such folder: " + name);
        }
        boolean created = false;
        for (String subdir : new String[] {"cur", "new", "tmp"}) {
            created |= DurableFiles.createDirectories(dir.resolve(subdir));
        }
        if (created) {
            DurableFiles.fsyncDirectory(dir); // deliveries fsync new/; its own entry must last too
        }
        int stale = DirectoryScanner.cleanTmp(dir);
        if (stale > 0) {
            LOG.info("removed {} stale tmp/ files in {}", stale, dir);
        }
        UidList list = null;
        boolean corrupt = false;
        try {
            list = UidList.read(dir);
        } catch (UidList.FormatException e) {
            corrupt = true;
            LOG.warn("{} in {}: rebuilding it with a new UIDVALIDITY; clients will download this folder again",
                    e.getMessage(), dir);
        }
        FolderIndex index = list == null ? FolderIndex.fresh() : FolderIndex.of(list);
        FolderKeywords keywords = FolderKeywords.read(dir);
        index.modSeqs(dir, ModSeqFile.read(dir));
        index.reconcile(DirectoryScanner.scan(dir, index), dir);
        if (corrupt || index.count() > 0) { // an empty new folder gets its list when it is first needed
            try {
                index.persist(dir); // also keeps sizes measured by reading files (W fields)
            } catch (IOException e) {
                LOG.warn("could not write the UID list of {}: {}", dir, e.toString());
            }
        }
        return new Loaded(index, keywords);
    }
}
