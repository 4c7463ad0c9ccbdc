package org.mailserver.smtp.server;

import java.util.Optional;
import java.util.Set;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.DirectoryUnavailableException;
import org.mailserver.core.directory.User;
import org.mailserver.core.filter.RejectionCounters;
import org.mailserver.smtp.grammar.AddressChecks;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.MailPath;
import org.mailserver.smtp.grammar.Reply;

/**
 * Decides RCPT for a local recipient: local domain, known user, account status, quota, then the
 * hooks. Blocks (LDAP, quota scan): run it on the blocking executor only.
 *
 * <p>Failures: an outage of the directory throws {@link DirectoryUnavailableException}; the session
 * answers it with 451 4.4.3, never with a 5xx.
 *
 * <p>Its refusals are counted by policy with the filter chain's ({@code mailserver_smtp_rejections_total}):
 * {@code relay}, {@code unknown_recipient}, {@code mailbox_disabled}, {@code quota}.
 */
final class RecipientCheck {
    /** The user on acceptance (null for a relayed remote recipient), and the reply. */
    record Outcome(User user, Reply reply) {
    }

    private final Set<String> localDomains;
    private final Directory directory;
    private final LocalDelivery delivery;
    private final SmtpHooks hooks;
    private final RejectionCounters rejections;

    RecipientCheck(Set<String> localDomains, Directory directory, LocalDelivery delivery, SmtpHooks hooks,
                   RejectionCounters rejections) {
        this.localDomains = localDomains;
        this.directory = directory;
        this.delivery = delivery;
        this.hooks = hooks;
        this.rejections = rejections;
    }

    Outcome check(SessionInfo session, MailPath sender, MailPath to, long sizeHint)
            throws DirectoryUnavailableException {
        return check(session, sender, to, sizeHint, false);
    }

    /**
     * As above; {@code relayAllowed}: the client may send to non-local domains (authenticated or
     * trusted), and such a recipient is accepted with a null user, after the hooks.
     */
    Outcome check(SessionInfo session, MailPath sender, MailPath to, long sizeHint, boolean relayAllowed)
            throws DirectoryUnavailableException {
        String domain = to.domainLowerCase();
        if (!localDomains.contains(domain)) {
            if (!relayAllowed) {
                // RFC 5321 3.6.2 / 7.1: no open relay
                return refuse("relay", 554, new EnhancedStatus(5, 7, 1), to + ": Relay access denied");
            }
            return afterHooks(session, sender, to, null);
        }
        if (AddressChecks.hasRoutingInLocalPart(to)) {
            // user%remote@local, remote!user@local, "user@remote"@local: relay tricks (RFC 5321 3.6.2,
            // appendix C); answered as the unknown user they are, never routed on
            return refuse("unknown_recipient", 550, EnhancedStatus.BAD_MAILBOX,
                    to + ": Recipient address rejected: User unknown");
        }
        Optional<User> found = directory.findByAddress(to.localPart() + "@" + domain);
        if (found.isEmpty() || found.get().status() == org.mailserver.core.directory.AccountStatus.DELETED) {
            return refuse("unknown_recipient", 550, EnhancedStatus.BAD_MAILBOX,
                    to + ": Recipient address rejected: User unknown");
        }
        User user = found.get();
        if (!user.status().receivesMail()) {
            return refuse("mailbox_disabled", 550, EnhancedStatus.MAILBOX_DISABLED,
                    to + ": Recipient address rejected: Mailbox disabled");
        }
        DeliveryResult.OverQuota over = delivery.checkQuota(user, Math.max(sizeHint, 0));
        if (over != null) {
            rejections.increment("quota");
            return new Outcome(null, Replies.overQuota(to, over.permanent()));
        }
        return afterHooks(session, sender, to, user);
    }

    private Outcome afterHooks(SessionInfo session, MailPath sender, MailPath to, User user) {
        HookVerdict v = hooks.rcpt(session, sender, to);
        if (v instanceof HookVerdict.Reject r) {
            return new Outcome(null, r.reply());
        }
        if (v instanceof HookVerdict.Defer d) {
            return new Outcome(null, d.reply());
        }
        return new Outcome(user, Reply.of(250, EnhancedStatus.RECIPIENT_OK, to + " Ok"));
    }

    private Outcome refuse(String policy, int code, EnhancedStatus status, String text) {
        rejections.increment(policy);
        return new Outcome(null, Reply.of(code, status, text));
    }
}
