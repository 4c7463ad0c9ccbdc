package org.mailserver.core.directory;

import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Turns a {@link DirectoryConfig} into UnboundID's connection pieces: connection options with the
 * timeouts, a server set with failover across the URLs, and StartTLS as a post-connect step.
 */
final class LdapConnections {
    /** Connections to a failover server are recycled after this, so the first server gets them back. */
    private static final long FAILOVER_CONNECTION_AGE_MS = TimeUnit.MINUTES.toMillis(5);

    private LdapConnections() {
    }

    static LDAPConnectionOptions options(DirectoryConfig config) {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(Math.toIntExact(Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis())));
        options.setResponseTimeoutMillis(config.responseTimeout().toMillis());
        options.setAbandonOnTimeout(true);
        options.setUseKeepAlive(true);
        // Never chase referrals: they would take the service account's identity to another server.
        options.setFollowReferrals(false);
        // The SDK refuses a simple bind with a DN and no password (an RFC 4513 unauthenticated bind).
        options.setBindWithDNRequiresPassword(true);
        // Certificates name the server: check that the host we dialled is the one in the certificate.
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        return options;
    }

    /** The servers in order; a single URL gives a single server set. */
    static ServerSet serverSet(DirectoryConfig config) throws GeneralSecurityException, IOException {
        LDAPConnectionOptions options = options(config);
        List<ServerSet> sets = new ArrayList<>();
        SSLSocketFactory tls = null;
        for (String url : config.urls()) {
            LDAPURL parsed;
            try {
                parsed = new LDAPURL(url);
            } catch (LDAPException e) {
                throw new IllegalArgumentException("urls: " + url, e); // DirectoryConfig already checked
            }
            SocketFactory factory = SocketFactory.getDefault();
            if (parsed.getScheme().toLowerCase(Locale.ROOT).equals("ldaps")) {
                if (tls == null) {
                    tls = sslUtil(config).createSSLSocketFactory();
                }
                factory = tls;
            }
            sets.add(new SingleServerSet(parsed.getHost(), parsed.getPort(), factory, options));
        }
        if (sets.size() == 1) {
            return sets.get(0);
        }
        FailoverServerSet failover = new FailoverServerSet(sets);
        failover.setReOrderOnFailover(false);
        failover.setMaxFailoverConnectionAgeMillis(FAILOVER_CONNECTION_AGE_MS);
        return failover;
    }

    /** StartTLS right after connecting (before any bind), or nothing. */
    static PostConnectProcessor postConnect(DirectoryConfig config) throws GeneralSecurityException, IOException {
        if (!config.startTls()) {
            return null;
        }
        // Runs before the bind, so the service account's password never crosses the network in clear.
        return new StartTLSPostConnectProcessor(sslUtil(config).createSSLSocketFactory());
    }

    private static SSLUtil sslUtil(DirectoryConfig config) throws GeneralSecurityException, IOException {
        TrustManager trust;
        if (config.trustFile().isPresent()) {
            trust = new PEMFileTrustManager(config.trustFile().get().toFile());
        } else {
            trust = JVMDefaultTrustManager.getInstance();
        }
        return new SSLUtil(trust);
    }
}
