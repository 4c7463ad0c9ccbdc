package org.mailserver.core.directory;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailserver.core.testing.Slapd;
import org.mailserver.core.testing.TestLdif;

/**
 * The contract against a real OpenLDAP slapd with our {@code qmail-openldap.ldif} schema, bound as a
 * service account that cannot read passwords. Skipped when slapd is missing, failed if
 * {@code REQUIRE_SLAPD=1}.
 */
@ExtendWith(Slapd.Condition.class)
class SlapdDirectoryTest extends DirectoryContract {

    @Override
    Backend startBackend(Path ldif, Path work) throws Exception {
        Slapd.require(); // skips (or fails, if REQUIRE_SLAPD=1) the whole class from the shared set-up
        Slapd slapd = Slapd.start(work, ldif);
        DirectoryConfig config = DirectoryConfig.builder().urls(List.of(slapd.url())).bindDn(Slapd.SERVICE_DN)
                .bindPassword(Slapd.SERVICE_PASSWORD).base(TestLdif.BASE).build();
        return new Backend() {
            @Override
            public DirectoryConfig config() {
                return config;
            }

            @Override
            public void stop() throws Exception {
                slapd.stop();
            }

            @Override
            public void close() throws Exception {
                slapd.close();
            }
        };
    }
}
