package org.mailserver.core.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.mailserver.core.log.OutageLog;
import org.mailserver.core.metrics.Latency;
import org.mailserver.core.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Directory} on an LDAP server, external or embedded (the embedded server is reached the
 * same way, over a loopback connection, so both backends run this code).
 *
 * <p>Two connection pools share the configured servers (with failover): one bound as the service
 * account for searches, one whose connections serve only user binds, so a search never runs with a
 * user's identity and no re-bind is needed after a login.
 *
 * <p>Errors: a search that does not complete is a {@link DirectoryUnavailableException}, whatever
 * the result code (server down, timeout, busy, but also a wrong base or missing access rights):
 * only a completed search with no entry means "no such user", so a broken directory never turns
 * into 550 5.1.1. A search matching more than one entry is ambiguous: logged at ERROR with the DNs
 * and answered as not found (the address cannot be given to either user safely; a directory error
 * would defer the mail forever instead of telling the sender). A bind refused for the credentials
 * ({@code invalidCredentials}, {@code inappropriateAuthentication}, {@code unwillingToPerform},
 * {@code noSuchObject}) is {@link AuthResult.BadCredentials}; any other bind failure is an outage.
 * A {@code deleted} account is {@link AuthResult.BadCredentials} without a bind (as if unknown); a
 * {@code disabled} or {@code noaccess} one is {@link AuthResult.Refused} only after the password
 * proved right, so a refusal tells nothing to someone guessing.
 *
 * <p>Threading: blocking, thread-safe; call it from the blocking executor, never an event loop.
 */
public final class LdapDirectory implements Directory {
    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectory.class);
    /** Longer input is no address or login of ours (RFC 5321 4.5.3.1.3: paths are at most 256 octets). */
    private static final int MAX_INPUT = 1024;
    private static final Set<ResultCode> BAD_CREDENTIALS = Set.of(ResultCode.INVALID_CREDENTIALS,
            ResultCode.INAPPROPRIATE_AUTHENTICATION, ResultCode.UNWILLING_TO_PERFORM, ResultCode.NO_SUCH_OBJECT);

    private final DirectoryConfig config;
    private final UserMapper mapper;
    private final LDAPConnectionPool searchPool;
    private final LDAPConnectionPool bindPool;
    private final Runnable onClose;
    private final Latency searchTime;
    private final Latency bindTime;
    private final OutageLog outage;
    private volatile List<DN> bases;

    /**
     * Connects to {@code config.urls()}. A server that is down now is not an error: the pools
     * connect on demand and every call fails with {@link DirectoryUnavailableException} until one
     * answers.
     *
     * @throws IllegalArgumentException if the URLs are empty or the trust file cannot be read
     */
    public LdapDirectory(DirectoryConfig config) {
        this(config, () -> { }, Metrics.none());
    }

    /** As {@link #LdapDirectory(DirectoryConfig)}, timing searches and binds into {@code metrics}. */
    public LdapDirectory(DirectoryConfig config, Metrics metrics) {
        this(config, () -> { }, metrics);
    }

    /** As {@link #LdapDirectory(DirectoryConfig)}, running {@code onClose} after the pools close. */
    LdapDirectory(DirectoryConfig config, Runnable onClose) {
        this(config, onClose, Metrics.none());
    }

    LdapDirectory(DirectoryConfig config, Runnable onClose, Metrics metrics) {
        if (config.urls().isEmpty()) {
            throw new IllegalArgumentException("urls: LdapDirectory needs a server URL");
        }
        this.config = config;
        this.mapper = new UserMapper(config.attributes());
        this.onClose = onClose;
        this.searchTime = metrics.ldap("search");
        this.bindTime = metrics.ldap("bind");
        this.outage = new OutageLog(LOG, "directory: LDAP server " + String.join(", ", config.urls()),
                "lookups and logins fail temporarily (4xx, [UNAVAILABLE], [SYS/TEMP])");
        ServerSet servers;
        PostConnectProcessor startTls;
        try {
            servers = LdapConnections.serverSet(config);
            startTls = LdapConnections.postConnect(config);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("trustFile: cannot set up TLS with " + config.trustFile().orElse(null)
                    + ": " + e.getMessage(), e);
        }
        SimpleBindRequest service = config.bindDn().isEmpty() ? null
                : new SimpleBindRequest(config.bindDn(), config.bindPassword());
        this.searchPool = pool(servers, service, startTls, "search");
        this.bindPool = pool(servers, null, startTls, "user-bind");
        if (!config.base().isEmpty()) {
            bases = List.of(dn(config.base()));
        }
    }

    private LDAPConnectionPool pool(ServerSet servers, SimpleBindRequest bind, PostConnectProcessor startTls,
                                    String name) {
        try {
            // One connection up front (not an error if the server is down), the rest on demand.
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 1, config.poolSize(), startTls, false);
            pool.setConnectionPoolName("directory-" + name);
            pool.setRetryFailedOperationsDueToInvalidConnections(
                    EnumSet.of(OperationType.SEARCH, OperationType.BIND));
            // All busy: open one more at once rather than queue (the blocking executor bounds how
            // many callers there are); the extra connection is closed when given back.
            pool.setMaxWaitTimeMillis(0);
            pool.setCreateIfNecessary(true);
            pool.setMaxConnectionAgeMillis(TimeUnit.MINUTES.toMillis(30));
            return pool;
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot create the LDAP connection pool: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<User> findByAddress(String address) throws DirectoryUnavailableException {
        return search(config.userFilter(), address);
    }

    @Override
    public Optional<User> findByLogin(String login) throws DirectoryUnavailableException {
        return search(config.loginFilter(), login);
    }

    @Override
    public AuthResult authenticate(String login, char[] password) throws DirectoryUnavailableException {
        if (password == null || password.length == 0) {
            // RFC 4513 5.1.2: an empty password would be an unauthenticated (anonymous) bind.
            return new AuthResult.BadCredentials();
        }
        Optional<User> found = findByLogin(login);
        if (found.isEmpty() || found.get().status() == AccountStatus.DELETED) {
            return new AuthResult.BadCredentials();
        }
        User user = found.get();
        byte[] secret = Passwords.utf8(password);
        long start = System.nanoTime();
        try {
            bindPool.bind(new SimpleBindRequest(user.dn(), secret));
        } catch (LDAPException e) {
            if (BAD_CREDENTIALS.contains(e.getResultCode())) {
                outage.success();
                return new AuthResult.BadCredentials();
            }
            throw unavailable("bind as " + user.dn(), e);
        } finally {
            bindTime.observeSince(start);
            // The pooled connection keeps its last bind request: zero the bytes it refers to.
            Arrays.fill(secret, (byte) 0);
        }
        outage.success();
        return user.status().mayLogIn() ? new AuthResult.Success(user) : new AuthResult.Refused(user);
    }

    private Optional<User> search(String template, String value) throws DirectoryUnavailableException {
        if (value == null || value.isBlank() || value.length() > MAX_INPUT || hasControl(value)) {
            return Optional.empty();
        }
        Filter filter;
        try {
            // RFC 4515 3: every value put into the filter is escaped, so input cannot change its shape.
            filter = Filter.create(template.replace("%s", Filter.encodeValue(value)));
        } catch (LDAPException e) {
            throw new IllegalStateException("filter template " + template + ": " + e.getMessage(), e);
        }
        List<SearchResultEntry> entries = new ArrayList<>();
        boolean overLimit = false;
        for (DN base : bases()) {
            // Size limit 2: enough to tell one match from several without reading them all.
            SearchRequest request = new SearchRequest(base.toString(), SearchScope.SUB, DereferencePolicy.NEVER, 2,
                    (int) Math.max(1, config.responseTimeout().toSeconds()), false, filter,
                    config.attributes().all());
            long start = System.nanoTime();
            try {
                entries.addAll(searchPool.search(request).getSearchEntries());
            } catch (LDAPSearchException e) {
                if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                    throw unavailable("search " + filter + " under " + base, e);
                }
                entries.addAll(e.getSearchEntries());
                overLimit = true;
            } finally {
                searchTime.observeSince(start);
            }
        }
        outage.success();
        if (entries.size() > 1 || overLimit) {
            LOG.error("directory: {} entries match {}: {}; treated as not found until the directory is fixed",
                    overLimit ? "several" : entries.size(), filter,
                    entries.stream().map(SearchResultEntry::getDN).collect(Collectors.joining(", ")));
            return Optional.empty();
        }
        return entries.isEmpty() ? Optional.empty() : mapper.map(entries.get(0));
    }

    /**
     * No address (RFC 5321 4.1.2) or login has control characters; servers differ on them (OpenLDAP
     * ends an IA5 value at NUL), so they are refused here and both backends answer alike.
     */
    private static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** The configured base, or the naming contexts of the server's root DSE, read once. */
    private List<DN> bases() throws DirectoryUnavailableException {
        List<DN> known = bases;
        if (known != null) {
            return known;
        }
        RootDSE root;
        try {
            root = searchPool.getRootDSE();
        } catch (LDAPException e) {
            throw unavailable("read the root DSE", e);
        }
        String[] contexts = root == null ? null : root.getNamingContextDNs();
        if (contexts == null || contexts.length == 0) {
            throw new DirectoryUnavailableException(
                    "directory: the server announces no naming contexts; set the search base (directory.base)", null);
        }
        List<DN> found = new ArrayList<>();
        for (String context : contexts) {
            found.add(dn(context));
        }
        LOG.info("directory: searching under {}", found);
        bases = List.copyOf(found);
        return bases;
    }

    private static DN dn(String value) {
        try {
            return new DN(value);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("base: '" + value + "' is not a DN", e);
        }
    }

    /** An outage: logged when it starts and then once a minute (not once per call), and thrown. */
    private DirectoryUnavailableException unavailable(String what, LDAPException e) {
        String message = "directory: cannot " + what + ": " + e.getResultCode() + ": " + e.getMessage();
        // the operation and the root cause (e.g. ConnectException: Connection refused), not the
        // search filter nor UnboundID's nested messages: the line is about the server, not a user
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String verb = what.substring(0, what.indexOf(' ') < 0 ? what.length() : what.indexOf(' '));
        outage.failure(verb + " failed: " + e.getResultCode() + ": " + (root == e ? e.getMessage()
                : root.getClass().getSimpleName() + ": " + root.getMessage()));
        return new DirectoryUnavailableException(message, e);
    }

    @Override
    public void close() {
        searchPool.close();
        bindPool.close();
        onClose.run();
    }

    @Override
    public String toString() {
        return "LdapDirectory" + config.urls();
    }
}
