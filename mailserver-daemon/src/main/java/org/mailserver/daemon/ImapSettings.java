package org.mailserver.daemon;

import java.time.Duration;
import org.mailserver.core.config.Settings;

/**
 * The {@code imap.*} settings and {@code auth.plaintext}, read once.
 *
 * @param appendLimit {@code imap.append_limit}
 * @param idlePoll {@code imap.idle_poll}
 * @param plaintextAuth {@code auth.plaintext}
 */
record ImapSettings(long appendLimit, Duration idlePoll, boolean plaintextAuth) {

    /** Problems are left in {@code s.problems()}. */
    static ImapSettings from(Settings s) {
        return new ImapSettings(s.number("imap.append_limit", 1024, Long.MAX_VALUE), s.duration("imap.idle_poll"),
                s.bool("auth.plaintext"));
    }
}
