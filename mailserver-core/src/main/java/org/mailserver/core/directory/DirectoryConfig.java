package org.mailserver.core.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the directory is and how to read it. Immutable; the compact constructor rejects bad values
 * with an {@link IllegalArgumentException} naming the field, so configuration errors surface before
 * anything connects. Build one with {@link #builder()} or {@link #embedded(Path)}.
 *
 * @param ldif {@code directory.ldif}: the LDIF the embedded server loads; used only when {@code urls}
 *     is empty (then it is required)
 * @param urls {@code directory.url}: {@code ldap://host[:port]} or {@code ldaps://host[:port]} URLs of
 *     an external server; the second and later ones are failover servers, tried in order when the
 *     first cannot be reached. Empty means the embedded server.
 * @param startTls {@code directory.starttls}: upgrade {@code ldap://} connections with StartTLS
 *     (RFC 4511 4.14); not allowed with {@code ldaps://} URLs. Certificates are checked against
 *     {@code trustFile} and the host name in the URL.
 * @param bindDn {@code directory.bind.dn}: the service account the pooled connections bind as for
 *     searches; empty means anonymous
 * @param bindPassword {@code directory.bind.password}: its password; required with {@code bindDn}
 *     (never printed by {@link #toString()})
 * @param base {@code directory.base}: the search base; empty means every naming context the server
 *     announces in its root DSE (for the embedded server: the top entries of the LDIF)
 * @param poolSize {@code directory.pool.size}: connections kept open for searches, and as many again
 *     for user binds (more are opened for a burst and closed after)
 * @param connectTimeout {@code directory.timeout}: TCP and TLS connection set-up, per server
 * @param responseTimeout {@code directory.timeout}: the wait for any one answer
 * @param userFilter {@code directory.filter.user}: finds a user by address; every {@code %s} is
 *     replaced with the address, escaped per RFC 4515
 * @param loginFilter {@code directory.filter.login}: finds a user by login name (uid or address);
 *     every {@code %s} is replaced with the login, escaped per RFC 4515
 * @param attributes {@code directory.attr.*}: attribute names, qmail-ldap's by default
 * @param cacheTtl {@code directory.cache.ttl}: how long a found user is remembered (0 = not cached)
 * @param negativeCacheTtl {@code directory.cache.negative_ttl}: how long "no such user" is
 *     remembered (0 = not cached)
 * @param authCacheTtl {@code directory.cache.auth_ttl}: how long a successful login is remembered
 *     (0 = every login binds); a changed password keeps the old one working this long
 * @param cacheSize {@code directory.cache.size}: most entries in each cache
 * @param trustFile {@code directory.tls.trust}: PEM file of CA certificates trusted for
 *     {@code ldaps://} and StartTLS; empty means the JVM's default trust store
 */
public record DirectoryConfig(Optional<Path> ldif, List<String> urls, boolean startTls, String bindDn,
                              String bindPassword, String base, int poolSize, Duration connectTimeout,
                              Duration responseTimeout, String userFilter, String loginFilter,
                              AttributeNames attributes, Duration cacheTtl, Duration negativeCacheTtl,
                              Duration authCacheTtl, long cacheSize, Optional<Path> trustFile) {

    /** qmail-ldap's lookup: {@code mail} or {@code mailAlternateAddress}. */
    public static final String DEFAULT_USER_FILTER =
            "(&(objectClass=qmailUser)(|(mail=%s)(mailAlternateAddress=%s)))";
    /** Login by {@code uid} or by any address of the user. */
    public static final String DEFAULT_LOGIN_FILTER =
            "(&(objectClass=qmailUser)(|(uid=%s)(mail=%s)(mailAlternateAddress=%s)))";

    public DirectoryConfig {
        Objects.requireNonNull(ldif, "ldif");
        urls = List.copyOf(urls);
        Objects.requireNonNull(bindDn, "bindDn");
        Objects.requireNonNull(bindPassword, "bindPassword");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(trustFile, "trustFile");
        if (urls.isEmpty() && ldif.isEmpty()) {
            throw new IllegalArgumentException("directory: either urls (directory.url) or ldif (directory.ldif) is required");
        }
        for (String url : urls) {
            checkUrl(url, startTls);
        }
        checkDn("bindDn", bindDn);
        checkDn("base", base);
        if (!bindDn.isEmpty() && bindPassword.isEmpty()) {
            // RFC 4513 5.1.2: a DN with an empty password is an unauthenticated bind, i.e. anonymous.
            throw new IllegalArgumentException("bindPassword: required when bindDn is set");
        }
        if (poolSize < 1 || poolSize > 1000) {
            throw new IllegalArgumentException("poolSize: " + poolSize + " is not between 1 and 1000");
        }
        checkPositive("connectTimeout", connectTimeout);
        checkPositive("responseTimeout", responseTimeout);
        checkFilter("userFilter", userFilter);
        checkFilter("loginFilter", loginFilter);
        checkNotNegative("cacheTtl", cacheTtl);
        checkNotNegative("negativeCacheTtl", negativeCacheTtl);
        checkNotNegative("authCacheTtl", authCacheTtl);
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize: " + cacheSize + " is negative");
        }
    }

    /** The embedded server on {@code ldif} with every other field at its default. */
    public static DirectoryConfig embedded(Path ldif) {
        return builder().ldif(ldif).build();
    }

    /** A builder holding the defaults: no URL, no LDIF, anonymous, base from the server. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ldif = ldif;
        b.urls = urls;
        b.startTls = startTls;
        b.bindDn = bindDn;
        b.bindPassword = bindPassword;
        b.base = base;
        b.poolSize = poolSize;
        b.connectTimeout = connectTimeout;
        b.responseTimeout = responseTimeout;
        b.userFilter = userFilter;
        b.loginFilter = loginFilter;
        b.attributes = attributes;
        b.cacheTtl = cacheTtl;
        b.negativeCacheTtl = negativeCacheTtl;
        b.authCacheTtl = authCacheTtl;
        b.cacheSize = cacheSize;
        b.trustFile = trustFile;
        return b;
    }

    /** Whether this is the embedded server (no URL). */
    public boolean isEmbedded() {
        return urls.isEmpty();
    }

    @Override
    public String toString() {
        return "DirectoryConfig[ldif=" + ldif + ", urls=" + urls + ", startTls=" + startTls + ", bindDn=" + bindDn
                + ", bindPassword=" + (bindPassword.isEmpty() ? "" : "***") + ", base=" + base + ", poolSize=" + poolSize
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout + ", userFilter="
                + userFilter + ", loginFilter=" + loginFilter + ", attributes=" + attributes + ", cacheTtl=" + cacheTtl
                + ", negativeCacheTtl=" + negativeCacheTtl + ", authCacheTtl=" + authCacheTtl + ", cacheSize="
                + cacheSize + ", trustFile=" + trustFile + "]";
    }

    private static void checkUrl(String url, boolean startTls) {
        LDAPURL parsed;
        try {
            parsed = new LDAPURL(url);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("urls: '" + url + "' is not an LDAP URL: " + e.getMessage(), e);
        }
        String scheme = parsed.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
            throw new IllegalArgumentException("urls: '" + url + "' must start with ldap:// or ldaps://");
        }
        if (!parsed.hostProvided()) {
            throw new IllegalArgumentException("urls: '" + url + "' has no host");
        }
        if (startTls && scheme.equals("ldaps")) {
            throw new IllegalArgumentException("startTls: not allowed with the ldaps:// URL '" + url + "'");
        }
    }

    private static void checkDn(String field, String dn) {
        if (!DN.isValidDN(dn)) {
            throw new IllegalArgumentException(field + ": '" + dn + "' is not a valid DN");
        }
    }

    private static void checkFilter(String field, String template) {
        Objects.requireNonNull(template, field);
        if (!template.contains("%s")) {
            throw new IllegalArgumentException(field + ": '" + template + "' has no %s for the searched value");
        }
        try {
            Filter.create(template.replace("%s", "x"));
        } catch (LDAPException e) {
            throw new IllegalArgumentException(field + ": '" + template + "' is not an LDAP filter (RFC 4515): "
                    + e.getMessage(), e);
        }
    }

    private static void checkPositive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + ": " + d + " must be positive");
        }
    }

    private static void checkNotNegative(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + ": " + d + " is negative");
        }
    }

    /** Mutable builder with the defaults; {@link #build()} validates. */
    public static final class Builder {
        private Optional<Path> ldif = Optional.empty();
        private List<String> urls = List.of();
        private boolean startTls;
        private String bindDn = "";
        private String bindPassword = "";
        private String base = "";
        private int poolSize = 8;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(5);
        private String userFilter = DEFAULT_USER_FILTER;
        private String loginFilter = DEFAULT_LOGIN_FILTER;
        private AttributeNames attributes = AttributeNames.QMAIL;
        private Duration cacheTtl = Duration.ofSeconds(60);
        private Duration negativeCacheTtl = Duration.ofSeconds(10);
        private Duration authCacheTtl = Duration.ofSeconds(60);
        private long cacheSize = 10_000;
        private Optional<Path> trustFile = Optional.empty();

        private Builder() {
        }

        public Builder ldif(Path v) { ldif = Optional.ofNullable(v); return this; }
        public Builder urls(List<String> v) { urls = v; return this; }
        public Builder startTls(boolean v) { startTls = v; return this; }
        public Builder bindDn(String v) { bindDn = v; return this; }
        public Builder bindPassword(String v) { bindPassword = v; return this; }
        public Builder base(String v) { base = v; return this; }
        public Builder poolSize(int v) { poolSize = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder responseTimeout(Duration v) { responseTimeout = v; return this; }
        public Builder userFilter(String v) { userFilter = v; return this; }
        public Builder loginFilter(String v) { loginFilter = v; return this; }
        public Builder attributes(AttributeNames v) { attributes = v; return this; }
        public Builder cacheTtl(Duration v) { cacheTtl = v; return this; }
        public Builder negativeCacheTtl(Duration v) { negativeCacheTtl = v; return this; }
        public Builder authCacheTtl(Duration v) { authCacheTtl = v; return this; }
        public Builder cacheSize(long v) { cacheSize = v; return this; }
        public Builder trustFile(Path v) { trustFile = Optional.ofNullable(v); return this; }

        public DirectoryConfig build() {
            return new DirectoryConfig(ldif, urls, startTls, bindDn, bindPassword, base, poolSize, connectTimeout,
                    responseTimeout, userFilter, loginFilter, attributes, cacheTtl, negativeCacheTtl, authCacheTtl,
                    cacheSize, trustFile);
        }
    }
}
