package org.mailserver.core.directory;

import java.util.List;
import java.util.Optional;

/**
 * One mail user as the directory describes it (qmail-ldap's {@code qmailUser}).
 *
 * @param dn the entry's DN, used to authenticate by bind
 * @param uid the login name
 * @param mail the primary address, lower-cased domain
 * @param alternates {@code mailAlternateAddress} values
 * @param status {@code accountStatus}
 * @param mailHost {@code mailHost}, the node holding the mailbox, if set (used by later issues)
 * @param quotaSize {@code mailQuotaSize} in bytes; 0 means unlimited
 * @param quotaCount {@code mailQuotaCount} in messages; 0 means unlimited
 * @param forwards {@code mailForwardingAddress} values (used by later issues)
 * @param deliveryModes {@code deliveryMode} values, lower case (used by later issues)
 * @param replyText {@code mailReplyText}, if set (used by later issues)
 */
public record User(String dn, String uid, String mail, List<String> alternates, AccountStatus status,
                   Optional<String> mailHost, long quotaSize, long quotaCount, List<String> forwards,
                   List<String> deliveryModes, Optional<String> replyText) {

    public User {
        alternates = List.copyOf(alternates);
        forwards = List.copyOf(forwards);
        deliveryModes = List.copyOf(deliveryModes);
    }

    /** The local part of the primary address ({@code %n} in {@code mailstore.path}). */
    public String localPart() {
        int at = mail.lastIndexOf('@');
        return at < 0 ? mail : mail.substring(0, at);
    }

    /** The domain of the primary address ({@code %d} in {@code mailstore.path}). */
    public String domain() {
        int at = mail.lastIndexOf('@');
        return at < 0 ? "" : mail.substring(at + 1);
    }
}
