package org.mailserver.core.directory;

import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a {@link User} out of an LDAP entry, with the configured attribute names. */
final class UserMapper {
    private static final Logger LOG = LoggerFactory.getLogger(UserMapper.class);

    private final AttributeNames names;

    UserMapper(AttributeNames names) {
        this.names = names;
    }

    /**
     * The user, or empty when the entry has no address: such an entry cannot receive mail, and
     * without an address there is no mailbox path ({@code %d}, {@code %n}).
     *
     * <p>Addresses are lower-cased (the local part too: LDAP matched them case-insensitively, so
     * the directory already treats them so). A missing {@code uid} falls back to the address, so
     * such a user can still log in with it. Unreadable quota numbers count as unlimited, with a
     * warning, as qmail-ldap does with junk in them.
     */
    Optional<User> map(Entry entry) {
        String mail = entry.getAttributeValue(names.mail());
        if (mail == null || mail.isBlank()) {
            LOG.error("directory entry {} has no {} attribute; treated as not found", entry.getDN(), names.mail());
            return Optional.empty();
        }
        mail = lower(mail);
        String uid = Optional.ofNullable(entry.getAttributeValue(names.uid())).filter(s -> !s.isBlank()).orElse(mail);
        return Optional.of(new User(entry.getDN(), uid, mail, lowerAll(entry, names.mailAlternateAddress()),
                AccountStatus.parse(entry.getAttributeValue(names.accountStatus())),
                Optional.ofNullable(entry.getAttributeValue(names.mailHost())),
                number(entry, names.mailQuotaSize()), number(entry, names.mailQuotaCount()),
                lowerAll(entry, names.mailForwardingAddress()), lowerAll(entry, names.deliveryMode()),
                Optional.ofNullable(entry.getAttributeValue(names.mailReplyText()))));
    }

    private static List<String> lowerAll(Entry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (!v.isBlank()) {
                    out.add(lower(v));
                }
            }
        }
        return out;
    }

    private static long number(Entry entry, String attribute) {
        String value = entry.getAttributeValue(attribute);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            LOG.warn("directory entry {}: {}: '{}' is not a number; treated as 0 (unlimited)",
                    entry.getDN(), attribute, value);
            return 0;
        }
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
