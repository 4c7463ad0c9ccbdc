package org.mailserver.core.directory;

import java.io.IOException;
import org.mailserver.core.metrics.Metrics;

/** Opens the configured directory: the one place that chooses the backend. */
public final class Directories {
    private Directories() {
    }

    /**
     * The embedded server on {@code config.ldif()} when {@code config.urls()} is empty, the external
     * server otherwise, behind a {@link CachingDirectory} with the configured TTLs. An external
     * server that is down is not an error here (calls fail until it answers).
     *
     * @throws IOException if the embedded server's LDIF cannot be read or loaded
     * @throws IllegalArgumentException if the TLS trust file cannot be used
     */
    public static Directory open(DirectoryConfig config) throws IOException {
        return open(config, Metrics.none());
    }

    /**
     * As {@link #open(DirectoryConfig)}, timing the LDAP operations into {@code metrics} and exporting
     * the hits and misses of the caches ({@code directory_lookup}, {@code directory_login}).
     */
    public static Directory open(DirectoryConfig config, Metrics metrics) throws IOException {
        LdapDirectory ldap;
        if (config.isEmbedded()) {
            EmbeddedLdap server = EmbeddedLdap.start(config.ldif().orElseThrow());
            try {
                ldap = new LdapDirectory(server.clientConfig(config), server::close, metrics);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        } else {
            ldap = new LdapDirectory(config, metrics);
        }
        CachingDirectory cached = new CachingDirectory(ldap, config);
        exportStats(cached, metrics);
        return cached;
    }

    /**
     * Exports the hits and misses of {@code directory}'s caches again, in place of a directory opened
     * since (a reload that opened a new one and then gave it up). A directory without caches: nothing.
     */
    public static void exportStats(Directory directory, Metrics metrics) {
        if (directory instanceof CachingDirectory cached) {
            metrics.cache("directory_lookup", cached::lookupStats);
            metrics.cache("directory_login", cached::loginStats);
        }
    }
}
