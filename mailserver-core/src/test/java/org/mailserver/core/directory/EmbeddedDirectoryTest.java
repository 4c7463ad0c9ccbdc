package org.mailserver.core.directory;

import java.nio.file.Path;

/** The contract against UnboundID's in-memory server, as {@link Directories#open} sets it up. */
class EmbeddedDirectoryTest extends DirectoryContract {

    @Override
    Backend startBackend(Path ldif, Path work) throws Exception {
        EmbeddedLdap server = EmbeddedLdap.start(ldif);
        DirectoryConfig config = server.clientConfig(DirectoryConfig.embedded(ldif));
        return new Backend() {
            @Override
            public DirectoryConfig config() {
                return config;
            }

            @Override
            public void stop() {
                server.close();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
