package org.mailserver.imap.server;

import java.nio.file.NoSuchFileException;
import org.mailserver.core.directory.User;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.ImapStrings;
import org.mailserver.store.UserMailbox;

/**
 * GETQUOTAROOT, GETQUOTA and SETQUOTA (RFC 9208). One quota root, {@code ""}, for all the user's
 * mailboxes, from the directory's {@code mailQuotaSize} (STORAGE, in KiB units of 1024 octets) and
 * {@code mailQuotaCount} (MESSAGE). Quotas are set in the directory, so SETQUOTA is refused.
 */
final class QuotaProcessor {
    private QuotaProcessor() {
    }

    /**
     * A mailbox's quota root: {@code ""} when the user has a limit, none otherwise (RFC 9208 4.3.2: a
     * {@code QUOTAROOT} response without roots), as a quota without a resource cannot be written.
     */
    static final class GetQuotaRoot implements Processor<ImapCommand.GetQuotaRoot> {
        @Override
        public void process(ImapSession s, ImapCommand.GetQuotaRoot command) {
            String storeName;
            try {
                storeName = Names.toStore(command.mailbox());
            } catch (IllegalArgumentException e) {
                s.no(command, "[NONEXISTENT] " + e.getMessage());
                return;
            }
            s.runBlocking(() -> {
                s.mailbox().folder(storeName); // NoSuchFileException if it does not exist
                return limited(s.user()) ? quota(s.user(), s.mailbox()) : null;
            }, (quota, error) -> {
                if (error instanceof NoSuchFileException) {
                    s.no(command, "[NONEXISTENT] no such mailbox");
                    return;
                }
                if (error != null) {
                    s.no(command, "[UNAVAILABLE] cannot read the quota now, try again");
                    return;
                }
                String mailbox = ImapStrings.astring(command.mailbox());
                if (quota == null) {
                    s.untagged("QUOTAROOT " + mailbox);
                } else {
                    s.untagged("QUOTAROOT " + mailbox + " \"\"");
                    s.untagged(quota);
                }
                s.complete(command, "GETQUOTAROOT completed");
            });
        }
    }

    static final class GetQuota implements Processor<ImapCommand.GetQuota> {
        @Override
        public void process(ImapSession s, ImapCommand.GetQuota command) {
            if (!command.root().isEmpty() || !limited(s.user())) {
                s.no(command, "[NONEXISTENT] " + (limited(s.user()) ? "the only quota root is \"\"" : "no quota is set"));
                return;
            }
            s.runBlocking(() -> quota(s.user(), s.mailbox()), (quota, error) -> {
                if (error != null) {
                    s.no(command, "[UNAVAILABLE] cannot read the quota now, try again");
                    return;
                }
                s.untagged(quota);
                s.complete(command, "GETQUOTA completed");
            });
        }
    }

    /** Whether the user has a limit, so the quota root {@code ""} exists. */
    static boolean limited(User user) {
        return user.quotaSize() > 0 || user.quotaCount() > 0;
    }

    static final class SetQuota implements Processor<ImapCommand.SetQuota> {
        @Override
        public void process(ImapSession s, ImapCommand.SetQuota command) {
            s.no(command, "[NOPERM] quotas are set in the user directory");
        }
    }

    /**
     * Blocking: {@code QUOTA "" (STORAGE used limit MESSAGE used limit)}, resources without a limit left
     * out; only for a user with at least one limit (RFC 9208 9: the list is never empty).
     */
    static String quota(User user, UserMailbox mailbox) throws java.io.IOException {
        StringBuilder out = new StringBuilder("QUOTA \"\" (");
        if (user.quotaSize() > 0) {
            // Both rounded up: usage within the limit in octets is never shown above it in KiB.
            out.append("STORAGE ").append((mailbox.usedBytes() + 1023) / 1024).append(' ')
                    .append((user.quotaSize() + 1023) / 1024);
        }
        if (user.quotaCount() > 0) {
            out.append(user.quotaSize() > 0 ? " " : "").append("MESSAGE ").append(mailbox.usedCount()).append(' ')
                    .append(user.quotaCount());
        }
        return out.append(')').toString();
    }
}
