package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Lists a Maildir's {@code new/} and {@code cur/}, and cleans its {@code tmp/}. Reads only; moves nothing. */
final class DirectoryScanner {

    /** The Maildir spec: a file in tmp/ untouched for 36 hours is left over from a crash. */
    static final Duration STALE_TMP = Duration.ofHours(36);

    /** Where a message file is now. */
    record Location(String subdir, String fileName) {
    }

    private DirectoryScanner() {
    }

    /**
     * Base name to location for every message file. {@code new/} is listed before {@code cur/}, so a
     * file another program moves from new/ to cur/ meanwhile is seen at least once; when a base name
     * is in both, {@code cur/} wins. Dot files (temporary files of other programs) are skipped.
     */
    static Map<String, Location> scan(Path folderDir) throws IOException {
        Map<String, Location> found = new HashMap<>();
        list(folderDir, "new", found);
        list(folderDir, "cur", found);
        return found;
    }

    /** A scan; when a file the index knows seems gone (renamed during the listing?), a second listing confirms. */
    static Map<String, Location> scan(Path folderDir, FolderIndex index) throws IOException {
        Map<String, Location> found = scan(folderDir);
        if (index.missingFrom(found)) {
            scan(folderDir).forEach(found::putIfAbsent);
        }
        return found;
    }

    private static void list(Path folderDir, String subdir, Map<String, Location> into) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folderDir.resolve(subdir))) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".")) {
                    into.put(MaildirName.parse(name).baseName(), new Location(subdir, name));
                }
            }
        }
    }

    /** Finds one message by base name (after another program renamed it), or null. */
    static Location find(Path folderDir, String baseName) throws IOException {
        for (String subdir : new String[] {"cur", "new"}) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folderDir.resolve(subdir),
                    f -> matches(f.getFileName().toString(), baseName))) {
                for (Path file : files) {
                    return new Location(subdir, file.getFileName().toString());
                }
            }
        }
        return null;
    }

    private static boolean matches(String fileName, String baseName) {
        return fileName.startsWith(baseName)
                && (fileName.length() == baseName.length() || fileName.charAt(baseName.length()) == ':');
    }

    /** Deletes tmp/ files not modified for 36 hours; returns how many. */
    static int cleanTmp(Path folderDir) throws IOException {
        FileTime limit = FileTime.fromMillis(System.currentTimeMillis() - STALE_TMP.toMillis());
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folderDir.resolve("tmp"))) {
            for (Path file : files) {
                try {
                    if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(limit) < 0) {
                        Files.deleteIfExists(file);
                        deleted++;
                    }
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
        return deleted;
    }
}
