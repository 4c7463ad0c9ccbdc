package org.mailserver.store.maildir;

import java.nio.file.Path;
import java.time.Instant;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.maildir.DirectoryScanner.Location;

/** One message as the folder knows it. Mutable; guarded by the folder's lock. */
final class MessageEntry {

    final long uid;
    final String baseName;
    /** Fields of its dovecot-uidlist line we do not use, written back unchanged. */
    final String extensions;
    /** Null until a scan has found the file (entries read from dovecot-uidlist). */
    Location location;
    /** -1 until known. */
    long size = -1;
    Instant internalDate;
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

    /** Forgets the cached info (the keyword names behind its letters changed). */
    void invalidate() {
        info = null;
    }

    MessageInfo info(Keywords keywords) {
        if (info == null) {
            MaildirName name = MaildirName.parse(location.fileName());
            info = new MessageInfo(uid, baseName, size, internalDate, name.flags(), keywords.namesOf(name.letters()));
        }
        return info;
    }
}
