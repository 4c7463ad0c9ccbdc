package org.mailserver.core.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.testing.Slapd;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.core.tls.SelfSignedCertificates;

/**
 * StartTLS and ldaps:// against slapd with a self-signed certificate for {@code localhost}: trusted
 * through {@code trustFile} it works; untrusted, or reached under a name the certificate does not
 * carry, it is an outage (never a silent plain-text or unverified connection).
 */
@ExtendWith(Slapd.Condition.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlapdTlsDirectoryTest {
    @TempDir
    static Path dir;
    Slapd slapd;
    Path cert;

    @BeforeAll
    void start() throws Exception {
        Slapd.require();
        cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        SelfSignedCertificates.generate("localhost", cert, key);
        Path ldif = dir.resolve("users.ldif");
        TestLdif.write(ldif);
        slapd = Slapd.start(dir.resolve("slapd"), ldif, cert, key);
    }

    @AfterAll
    void stop() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    private DirectoryConfig.Builder config(String url) {
        return DirectoryConfig.builder().urls(List.of(url)).bindDn(Slapd.SERVICE_DN)
                .bindPassword(Slapd.SERVICE_PASSWORD).base(TestLdif.BASE);
    }

    private static void works(DirectoryConfig config) throws Exception {
        try (LdapDirectory d = new LdapDirectory(config)) {
            assertEquals("alice", d.findByAddress("alice@example.test").orElseThrow().uid());
            assertInstanceOf(AuthResult.Success.class, d.authenticate("bob", "bob-Secret2".toCharArray()));
        }
    }

    private static void unavailable(DirectoryConfig config) {
        try (LdapDirectory d = new LdapDirectory(config)) {
            assertThrows(DirectoryUnavailableException.class, () -> d.findByAddress("alice@example.test"));
            assertThrows(DirectoryUnavailableException.class, () -> d.authenticate("bob", "bob-Secret2".toCharArray()));
        }
    }

    @Test
    void startTlsWithTheTrustFile() throws Exception {
        works(config("ldap://localhost:" + slapd.port()).startTls(true).trustFile(cert).build());
    }

    @Test
    void ldapsWithTheTrustFile() throws Exception {
        works(config(slapd.ldapsUrl()).trustFile(cert).build());
    }

    @Test
    void untrustedCertificateIsAnOutage() {
        unavailable(config("ldap://localhost:" + slapd.port()).startTls(true).build());
        unavailable(config(slapd.ldapsUrl()).build());
    }

    @Test
    void hostNameNotInTheCertificateIsAnOutage() throws Exception {
        // A trusted certificate for another name. (UnboundID lets "localhost" and 127.0.0.1 stand for
        // each other, so the other name must be a real one.)
        Path otherCert = dir.resolve("other-cert.pem");
        Path otherKey = dir.resolve("other-key.pem");
        SelfSignedCertificates.generate("ldap.example.invalid", otherCert, otherKey);
        Path ldif = dir.resolve("users.ldif");
        try (Slapd other = Slapd.start(dir.resolve("other"), ldif, otherCert, otherKey)) {
            unavailable(config("ldap://localhost:" + other.port()).startTls(true).trustFile(otherCert).build());
            unavailable(config(other.ldapsUrl()).trustFile(otherCert).build());
        }
    }
}
