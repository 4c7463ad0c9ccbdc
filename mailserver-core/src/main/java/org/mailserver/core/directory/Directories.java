package org.mailserver.core.directory;

import java.io.IOException;

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
        LdapDirectory ldap;
        if (config.isEmbedded()) {
            EmbeddedLdap server = EmbeddedLdap.start(config.ldif().orElseThrow());
            try {
                ldap = new LdapDirectory(server.clientConfig(config), server::close);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        } else {
            ldap = new LdapDirectory(config);
        }
        return new CachingDirectory(ldap, config);
    }
}
