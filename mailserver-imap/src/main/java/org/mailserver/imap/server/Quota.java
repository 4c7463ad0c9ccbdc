package org.mailserver.imap.server;

import java.io.IOException;
import org.mailserver.core.directory.User;
import org.mailserver.store.UserMailbox;

/** The directory's quota ({@code mailQuotaSize}, {@code mailQuotaCount}) for APPEND, COPY and MOVE. */
final class Quota {
    private Quota() {
    }

    /** Blocking. Whether adding these messages would go over the user's quota (0 means unlimited). */
    static boolean exceeded(User user, UserMailbox mailbox, long addedBytes, long addedCount) throws IOException {
        if (user.quotaSize() > 0 && mailbox.usedBytes() + addedBytes > user.quotaSize()) {
            return true;
        }
        return user.quotaCount() > 0 && mailbox.usedCount() + addedCount > user.quotaCount();
    }
}
