package org.mailserver.daemon;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import org.mailserver.core.directory.DirectoryConfig;

/**
 * An external LDAP server ({@code directory.url}) as {@link UserEntries}: one connection to the first
 * URL that answers, with the server's own TLS settings ({@code directory.starttls},
 * {@code directory.tls.trust}, host names checked), bound as {@code directory.bind.dn}, which must
 * be allowed to write the users. Each change is applied at once.
 */
final class LdapEntries implements UserEntries {
    private static final int PAGE_SIZE = 500;

    private final LDAPConnection connection;
    private final String url;
    private final String base;

    private LdapEntries(LDAPConnection connection, String url, String base) {
        this.connection = connection;
        this.url = url;
        this.base = base;
    }

    /** Connects to the first of {@code config.urls()} that answers and binds. */
    static LdapEntries connect(DirectoryConfig config) throws IOException {
        List<String> failures = new ArrayList<>();
        for (String url : config.urls()) {
            LDAPConnection c = null;
            try {
                LDAPURL parsed = new LDAPURL(url);
                LDAPConnectionOptions options = new LDAPConnectionOptions();
                options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
                options.setResponseTimeoutMillis(config.responseTimeout().toMillis());
                options.setFollowReferrals(false);
                options.setBindWithDNRequiresPassword(true);
                options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
                boolean ldaps = parsed.getScheme().toLowerCase(Locale.ROOT).equals("ldaps");
                c = ldaps ? new LDAPConnection(tls(config).createSSLSocketFactory(), options)
                        : new LDAPConnection(options);
                c.connect(parsed.getHost(), parsed.getPort());
                if (config.startTls()) {
                    // Before the bind, so the bind password never crosses the network in clear.
                    ExtendedResult r = c.processExtendedOperation(
                            new StartTLSExtendedRequest(tls(config).createSSLContext()));
                    if (r.getResultCode() != ResultCode.SUCCESS) {
                        throw new LDAPException(r);
                    }
                }
                if (!config.bindDn().isEmpty()) {
                    c.bind(config.bindDn(), config.bindPassword());
                }
                return new LdapEntries(c, url, config.base());
            } catch (LDAPException | GeneralSecurityException e) {
                if (c != null) {
                    c.close();
                }
                failures.add(url + ": " + e.getMessage());
            }
        }
        throw new IOException("no directory server answered: " + String.join("; ", failures));
    }

    @Override
    public List<DN> bases() throws IOException {
        try {
            if (!base.isEmpty()) {
                return List.of(new DN(base));
            }
            RootDSE root = connection.getRootDSE();
            String[] contexts = root == null ? null : root.getNamingContextDNs();
            if (contexts == null || contexts.length == 0) {
                throw new IOException(url + " announces no naming contexts: set directory.base");
            }
            List<DN> dns = new ArrayList<>();
            for (String c : contexts) {
                dns.add(new DN(c));
            }
            return dns;
        } catch (LDAPException e) {
            throw failure("reading the naming contexts", e);
        }
    }

    @Override
    public List<Entry> search(Filter filter, String... attributes) throws IOException {
        List<Entry> found = new ArrayList<>();
        for (DN b : bases()) {
            try {
                SearchRequest request = new SearchRequest(b.toString(), SearchScope.SUB, filter, attributes);
                ASN1OctetString cookie = null;
                do { // RFC 2696 paging, so a server's size limit does not cut a long list short
                    request.setControls(new SimplePagedResultsControl(PAGE_SIZE, cookie, false));
                    SearchResult result = connection.search(request);
                    found.addAll(result.getSearchEntries());
                    SimplePagedResultsControl page = SimplePagedResultsControl.get(result);
                    cookie = page != null && page.moreResultsToReturn() ? page.getCookie() : null;
                } while (cookie != null);
            } catch (LDAPException e) {
                throw failure("searching " + b, e);
            }
        }
        return found;
    }

    @Override
    public void add(Entry entry) throws IOException {
        try {
            connection.add(entry);
        } catch (LDAPException e) {
            throw failure("adding " + entry.getDN(), e);
        }
    }

    @Override
    public void replace(DN dn, String attribute, String value) throws IOException {
        try {
            connection.modify(dn.toString(), new Modification(ModificationType.REPLACE, attribute, value));
        } catch (LDAPException e) {
            throw failure("changing " + attribute + " of " + dn, e);
        }
    }

    @Override
    public void commit() {
        // every change is already applied
    }

    @Override
    public String afterChange() {
        return "Changed on " + url + ". A running server sees it once its caches expire "
                + "(directory.cache.ttl for accounts, directory.cache.auth_ttl for logins).";
    }

    @Override
    public void close() {
        connection.close();
    }

    private IOException failure(String what, LDAPException e) {
        String hint = e.getResultCode() == ResultCode.INSUFFICIENT_ACCESS_RIGHTS
                ? " (directory.bind.dn must be allowed to write users: use --set directory.bind.dn=... "
                        + "--set directory.bind.password=... for an account that is)" : "";
        return new IOException(url + ": " + what + ": " + e.getMessage() + hint, e);
    }

    private static SSLUtil tls(DirectoryConfig config) throws GeneralSecurityException {
        TrustManager trust = config.trustFile().isPresent()
                ? new PEMFileTrustManager(config.trustFile().get().toFile()) : JVMDefaultTrustManager.getInstance();
        return new SSLUtil(trust);
    }
}
