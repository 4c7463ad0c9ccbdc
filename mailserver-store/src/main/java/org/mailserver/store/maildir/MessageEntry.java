package org.mailserver.store.maildir;

import java.nio.file.Path;
import java.time.Instant;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.maildir.DirectoryScanner.Location;

/** One message as the folder knows it. Mutable; guarded by the folder's lock. */
final class MessageEntry {

    final long uid;
    final String baseName;
    /**
     * Fields of its dovecot-uidlist line, written back unchanged; we read {@code W<size>} from them
     * and add it for a file whose name has no {@code W=}.
     */
    String extensions;
    /** Null until a scan has found the file (entries read from dovecot-uidlist). */
    Location location;
    /** The size served to clients (CRLF line ends); -1 until known. */
    long size = -1;
    /** True when the file has bare LF line ends, which {@link CrlfInputStream} serves as CRLF. */
    boolean bareLineFeeds;
    Instant internalDate;
    /** RFC 7162 mod-sequence of the last change; 0 until the index gives one. */
    long modSeq;
    private MessageInfo info;

    MessageEntry(long uid, String baseName, String extensions) {
        this.uid = uid;
        this.baseName = baseName;
        this.extensions = extensions;
    }

    Path path(Path folderDir) {
        return folderDir.resolve(location.subdir()).resolve(location.fileName());
    }

    void moveTo(Location newLocation) {
        if (!newLocation.equals(location)) {
            location = newLocation;
            info = null;
        }
    }

    /** A new mod-sequence (the message arrived or its flags changed). */
    void modSeq(long value) {
        modSeq = value;
        info = null;
    }

    /** The flag letters of the file name now ({@code ""} when it has none). */
    String letters() {
        String letters = MaildirName.parse(location.fileName()).letters();
        return letters == null ? "" : letters;
    }

    /** Forgets the cached info (the keyword names behind its letters changed). */
    void invalidate() {
        info = null;
    }

    MessageInfo info(Keywords keywords) {
        if (info == null) {
            MaildirName name = MaildirName.parse(location.fileName());
            info = new MessageInfo(uid, baseName, size, internalDate, name.flags(), keywords.namesOf(name.letters()),
                    modSeq);
        }
        return info;
    }
}
