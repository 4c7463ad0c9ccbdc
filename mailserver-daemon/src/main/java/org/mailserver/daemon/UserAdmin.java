package org.mailserver.daemon;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailserver.core.directory.AttributeNames;
import org.mailserver.core.directory.DirectoryConfig;

/**
 * The user operations behind {@code mailserver user}, the same for the LDIF file and an external
 * server. Users are found as the server finds them: with {@code directory.filter.login} and
 * {@code directory.filter.user} and the {@code directory.attr.*} names, so a command sees exactly the
 * accounts the server does. New users are qmail-ldap {@code qmailUser}s (with {@code inetOrgPerson}),
 * placed beside an existing user of the same mail domain (else beside any user, else under the base).
 */
final class UserAdmin {
    /** An account as listed. */
    record Account(DN dn, String uid, String mail, String status, List<String> alternates) {
    }

    /** An operator's mistake (unknown user, address in use): the message says which. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final UserEntries entries;
    private final DirectoryConfig config;
    private final AttributeNames names;

    UserAdmin(UserEntries entries, DirectoryConfig config) {
        this.entries = entries;
        this.config = config;
        this.names = config.attributes();
    }

    /** Every account {@code directory.filter.login} can find, by uid. */
    List<Account> list() throws IOException {
        // '*' unescaped turns each equality test of the template into a presence test: every user.
        Filter all = filter(config.loginFilter().replace("%s", "*"));
        return entries.search(all, names.uid(), names.mail(), names.mailAlternateAddress(), names.accountStatus())
                .stream().map(this::account)
                .sorted(Comparator.comparing(Account::uid, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** Adds an active user with a hashed password (the address's domain lower-cased); returns it. */
    Account add(String uid, String mail, String passwordHash) throws IOException, Refused {
        if (uid.isEmpty() || uid.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new Refused("'" + uid + "' is not a login name (no spaces or control characters)");
        }
        int at = mail.lastIndexOf('@');
        if (at <= 0 || at == mail.length() - 1 || mail.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '<'
                || c == '>')) {
            throw new Refused("'" + mail + "' is not a mail address (local-part@domain)");
        }
        String domain = mail.substring(at + 1).toLowerCase(Locale.ROOT);
        mail = mail.substring(0, at) + "@" + domain;
        List<Entry> sameLogin = entries.search(loginFilter(uid), names.uid());
        if (!sameLogin.isEmpty()) {
            throw new Refused("login '" + uid + "' is taken by " + sameLogin.get(0).getDN());
        }
        List<Entry> sameAddress = entries.search(userFilter(mail), names.mail());
        if (!sameAddress.isEmpty()) {
            throw new Refused("address " + mail + " belongs to " + sameAddress.get(0).getDN());
        }
        DN dn = new DN(new RDN(names.uid(), uid), parent(domain));
        entries.add(new Entry(dn, new Attribute("objectClass", "top", "inetOrgPerson", "qmailUser"),
                new Attribute(names.uid(), uid), new Attribute("cn", uid), new Attribute("sn", uid),
                new Attribute(names.mail(), mail), new Attribute("userPassword", passwordHash),
                new Attribute(names.accountStatus(), "active")));
        return new Account(dn, uid, mail, "active", List.of());
    }

    /** Whether {@code login} finds exactly the entry {@code dn}, as the server's logins will. */
    boolean findsByLogin(String login, DN dn) throws IOException {
        List<Entry> found = entries.search(loginFilter(login), names.uid());
        return found.size() == 1 && found.get(0).getDN().equalsIgnoreCase(dn.toString());
    }

    /** Replaces the password of the user {@code login} (a uid or an address); returns the DN. */
    DN setPassword(String login, String passwordHash) throws IOException, Refused {
        DN dn = find(login);
        entries.replace(dn, "userPassword", passwordHash);
        return dn;
    }

    /** Sets {@code accountStatus} of the user {@code login}; returns the DN. */
    DN setStatus(String login, String status) throws IOException, Refused {
        DN dn = find(login);
        entries.replace(dn, names.accountStatus(), status);
        return dn;
    }

    private DN find(String login) throws IOException, Refused {
        List<Entry> found = entries.search(loginFilter(login), names.uid());
        if (found.isEmpty()) {
            throw new Refused("no user '" + login + "'");
        }
        if (found.size() > 1) {
            throw new Refused("'" + login + "' matches " + found.size() + " entries: "
                    + String.join(", ", found.stream().map(Entry::getDN).toList()));
        }
        return dn(found.get(0).getDN());
    }

    /** Beside a user of {@code domain}, else beside any user, else the first base. */
    private DN parent(String domain) throws IOException, Refused {
        List<Account> users = list();
        Optional<Account> sameDomain = users.stream()
                .filter(a -> a.mail() != null && a.mail().toLowerCase(Locale.ROOT).endsWith("@" + domain)).findFirst();
        Optional<Account> beside = sameDomain.or(() -> users.stream().findFirst());
        if (beside.isPresent() && beside.get().dn().getParent() != null) {
            return beside.get().dn().getParent();
        }
        List<DN> bases = entries.bases();
        if (bases.isEmpty()) {
            throw new Refused("nowhere to add a user: the directory has no entries and directory.base is empty");
        }
        return bases.get(0);
    }

    private Account account(Entry e) {
        String[] alternates = e.getAttributeValues(names.mailAlternateAddress());
        String status = e.getAttributeValue(names.accountStatus());
        return new Account(dnOrNull(e), e.getAttributeValue(names.uid()), e.getAttributeValue(names.mail()),
                status == null ? "active" : status, alternates == null ? List.of() : List.of(alternates));
    }

    private Filter loginFilter(String login) throws IOException {
        return filter(config.loginFilter().replace("%s", Filter.encodeValue(login)));
    }

    private Filter userFilter(String address) throws IOException {
        return filter(config.userFilter().replace("%s", Filter.encodeValue(address)));
    }

    private static Filter filter(String text) throws IOException {
        try {
            return Filter.create(text);
        } catch (LDAPException e) {
            throw new IOException("filter " + text + ": " + e.getMessage(), e);
        }
    }

    private static DN dn(String text) throws IOException {
        try {
            return new DN(text);
        } catch (LDAPException e) {
            throw new IOException("'" + text + "' is not a DN: " + e.getMessage(), e);
        }
    }

    private static DN dnOrNull(Entry e) {
        try {
            return e.getParsedDN();
        } catch (LDAPException ex) {
            return null;
        }
    }
}
