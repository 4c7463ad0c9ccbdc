package org.mailserver.core.directory;

import java.util.Objects;

/**
 * The LDAP attribute names the directory reads, so an existing directory is used with its own
 * names ({@code directory.attr.*} in {@code mailserver.conf}). The defaults are qmail-ldap's
 * ({@link #QMAIL}). Names are matched case-insensitively by LDAP; every field is required.
 *
 * @param uid login name ({@code directory.attr.uid}); qmail-ldap's name is the default for each
 * @param mail primary address ({@code directory.attr.mail})
 * @param mailAlternateAddress further addresses, any domain ({@code directory.attr.alternate})
 * @param accountStatus qmail-ldap status: active, noaccess, disabled, deleted ({@code directory.attr.status})
 * @param mailHost node holding the mailbox ({@code directory.attr.host})
 * @param mailQuotaSize quota in bytes ({@code directory.attr.quota_size})
 * @param mailQuotaCount quota in messages ({@code directory.attr.quota_count})
 * @param mailForwardingAddress forwarding targets ({@code directory.attr.forward})
 * @param deliveryMode qmail-ldap delivery modes ({@code directory.attr.delivery_mode})
 * @param mailReplyText vacation text ({@code directory.attr.reply_text})
 */
public record AttributeNames(String uid, String mail, String mailAlternateAddress, String accountStatus,
                             String mailHost, String mailQuotaSize, String mailQuotaCount,
                             String mailForwardingAddress, String deliveryMode, String mailReplyText) {

    /** qmail-ldap's names, the default. */
    public static final AttributeNames QMAIL = new AttributeNames("uid", "mail", "mailAlternateAddress",
            "accountStatus", "mailHost", "mailQuotaSize", "mailQuotaCount", "mailForwardingAddress",
            "deliveryMode", "mailReplyText");

    public AttributeNames {
        for (String name : new String[] {uid, mail, mailAlternateAddress, accountStatus, mailHost, mailQuotaSize,
                mailQuotaCount, mailForwardingAddress, deliveryMode, mailReplyText}) {
            Objects.requireNonNull(name, "attribute name");
            // RFC 4512 2.5: a descriptor (letters, digits, hyphens) or a numeric OID.
            if (!name.matches("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)*")) {
                throw new IllegalArgumentException("not an LDAP attribute name: '" + name + "'");
            }
        }
    }

    /** Every name, for the attribute list of a search request. */
    public String[] all() {
        return new String[] {uid, mail, mailAlternateAddress, accountStatus, mailHost, mailQuotaSize, mailQuotaCount,
                mailForwardingAddress, deliveryMode, mailReplyText};
    }
}
