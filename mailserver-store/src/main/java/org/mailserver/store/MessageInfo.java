package org.mailserver.store;

import java.time.Instant;
import java.util.Set;

/**
 * One message of a folder as of the last {@link Folder#sync()}.
 *
 * @param uid the message's UID, stable for the folder's UIDVALIDITY
 * @param baseName the Maildir file name without its {@code :2,} info suffix, stable across flag changes
 * @param size the size in octets as served to clients (CRLF line ends)
 * @param internalDate the delivery time (from the file name, else the file's mtime)
 * @param flags system flags
 * @param keywords custom keywords (IMAP), from Dovecot's {@code dovecot-keywords}
 * @param modSeq the mod-sequence of the message's last change (RFC 7162 CONDSTORE): arrival or a
 *     flag change; 0 when the store does not track them
 */
public record MessageInfo(long uid, String baseName, long size, Instant internalDate, Set<Flag> flags,
                          Set<String> keywords, long modSeq) {
    public MessageInfo {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(flags);
        keywords = Set.copyOf(keywords);
    }

    /** A message without a mod-sequence. */
    public MessageInfo(long uid, String baseName, long size, Instant internalDate, Set<Flag> flags,
                       Set<String> keywords) {
        this(uid, baseName, size, internalDate, flags, keywords, 0);
    }
}
