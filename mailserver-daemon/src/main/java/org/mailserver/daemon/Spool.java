package org.mailserver.daemon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool directories hold messages only while they are being received; nothing in them was ever
 * acknowledged. Files found there at start are left-overs of a crash and are removed.
 */
final class Spool {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private Spool() {
    }

    /** Creates {@code dir} if needed and empties it; returns it. */
    static Path prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    Files.delete(f);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.info("spool {}: removed {} file(s) of transactions interrupted before they were acknowledged",
                    dir, removed);
        }
        return dir;
    }
}
