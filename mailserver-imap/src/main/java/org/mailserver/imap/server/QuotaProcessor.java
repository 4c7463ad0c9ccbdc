package org.mailserver.imap.server;

import org.mailserver.core.directory.User;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.store.UserMailbox;

/**
 * GETQUOTAROOT, GETQUOTA and SETQUOTA (RFC 9208). One quota root, {@code ""}, for all the user's
 * mailboxes, from the directory's {@code mailQuotaSize} (STORAGE, in KiB units of 1024 octets) and
 * {@code mailQuotaCount} (MESSAGE). Quotas are set in the directory, so SETQUOTA is refused.
 */
final class QuotaProcessor {
    private QuotaProcessor() {
    }

    static final class GetQuotaRoot implements Processor<ImapCommand.GetQuotaRoot> {
        @Override
        public void process(ImapSession s, ImapCommand.GetQuotaRoot command) {
            s.runBlocking(() -> quota(s.user(), s.mailbox()), (quota, error) -> {
                if (error != null) {
                    s.no(command, "[UNAVAILABLE] cannot read the quota now, try again");
                    return;
                }
                s.untagged("QUOTAROOT " + org.mailserver.imap.grammar.ImapStrings.astring(command.mailbox()) + " \"\"");
                s.untagged(quota);
                s.complete(command, "GETQUOTAROOT completed");
            });
        }
    }

    static final class GetQuota implements Processor<ImapCommand.GetQuota> {
        @Override
        public void process(ImapSession s, ImapCommand.GetQuota command) {
            if (!command.root().isEmpty()) {
                s.no(command, "[NONEXISTENT] the only quota root is \"\"");
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

    static final class SetQuota implements Processor<ImapCommand.SetQuota> {
        @Override
        public void process(ImapSession s, ImapCommand.SetQuota command) {
            s.no(command, "[NOPERM] quotas are set in the user directory");
        }
    }

    /** Blocking: {@code QUOTA "" (STORAGE used limit MESSAGE used limit)}, resources without a limit left out. */
    static String quota(User user, UserMailbox mailbox) throws java.io.IOException {
        StringBuilder out = new StringBuilder("QUOTA \"\" (");
        if (user.quotaSize() > 0) {
            out.append("STORAGE ").append((mailbox.usedBytes() + 1023) / 1024).append(' ').append(user.quotaSize() / 1024);
        }
        if (user.quotaCount() > 0) {
            out.append(user.quotaSize() > 0 ? " " : "").append("MESSAGE ").append(mailbox.usedCount()).append(' ')
                    .append(user.quotaCount());
        }
        return out.append(')').toString();
    }
}
