package org.mailserver.core.transport;

import io.netty.handler.ssl.SslContext;
import java.util.Set;
import org.mailserver.core.auth.LoginThrottle;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.metrics.Metrics;

/**
 * What every protocol shares: built once by the daemon and passed to each protocol's constructor.
 *
 * @param hostname this server's name for greetings and trace headers
 * @param localDomains lower-case local domains
 * @param tls server TLS context (TLS 1.2+), for STARTTLS/STLS and implicit TLS
 * @param executor the one pool for blocking work
 * @param directory the (cached) user directory
 * @param loginThrottle slows down failed logins per client address
 * @param metrics where the protocols count logins and messages received
 */
public record ServerContext(String hostname, Set<String> localDomains, SslContext tls,
                            BlockingExecutor executor, Directory directory, LoginThrottle loginThrottle,
                            Metrics metrics) {
    public ServerContext {
        localDomains = Set.copyOf(localDomains);
    }

    /** Without metrics ({@link Metrics#none()}): for servers built without the daemon, as in tests. */
    public ServerContext(String hostname, Set<String> localDomains, SslContext tls, BlockingExecutor executor,
                         Directory directory, LoginThrottle loginThrottle) {
        this(hostname, localDomains, tls, executor, directory, loginThrottle, Metrics.none());
    }
}
