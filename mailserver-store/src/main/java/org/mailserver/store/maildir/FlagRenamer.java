package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import org.mailserver.store.Flag;
import org.mailserver.store.maildir.DirectoryScanner.Location;

/**
 * Changes a message's flags the Maildir way: by renaming its file to {@code cur/<base>:2,<letters>},
 * letters sorted (system flags D F R S T, then keyword letters a-z). Letters we do not model (such
 * as 'P', passed) are kept. Called under the folder's lock. The rename is not followed by a
 * directory fsync: a flag change lost in a crash costs little, and Dovecot does the same by default.
 */
final class FlagRenamer {

    private final Path dir;
    private final Keywords keywords;

    FlagRenamer(Path dir, Keywords keywords) {
        this.dir = dir;
        this.keywords = keywords;
    }

    static String letters(Set<Flag> flags) {
        StringBuilder letters = new StringBuilder();
        for (Flag flag : flags) {
            letters.append(flag.letter());
        }
        return letters.toString();
    }

    /** Returns true if the file was renamed. */
    boolean apply(MessageEntry entry, Set<Flag> flags, Set<String> keywordNames) throws IOException {
        String keywordLetters = keywords.lettersFor(keywordNames);
        for (int attempt = 0; ; attempt++) {
            MaildirName current = MaildirName.parse(entry.location.fileName());
            String letters = letters(flags) + current.otherLetters() + keywordLetters;
            if (entry.location.subdir().equals("new") && letters.isEmpty()) {
                return false; // nothing to record: a new message stays in new/
            }
            Location target = new Location("cur", MaildirName.fileName(entry.baseName, letters));
            if (target.equals(entry.location)) {
                return false;
            }
            Path to = dir.resolve(target.subdir()).resolve(target.fileName());
            try {
                Files.move(entry.path(dir), to);
                entry.moveTo(target);
                return true;
            } catch (NoSuchFileException e) {
                Location moved = DirectoryScanner.find(dir, entry.baseName);
                if (moved == null || attempt > 0) {
                    throw e;
                }
                entry.moveTo(moved); // another program renamed it; apply our flags to its new name
            }
        }
    }
}
