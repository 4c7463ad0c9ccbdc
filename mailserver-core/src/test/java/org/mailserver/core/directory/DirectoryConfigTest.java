package org.mailserver.core.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Configuration errors are reported with the field name before anything connects. */
class DirectoryConfigTest {

    private static String error(UnaryOperator<DirectoryConfig.Builder> change) {
        return assertThrows(IllegalArgumentException.class,
                () -> change.apply(DirectoryConfig.builder().ldif(Path.of("users.ldif"))).build()).getMessage();
    }

    @Test
    void embeddedDefaults() {
        DirectoryConfig c = DirectoryConfig.embedded(Path.of("conf/users.ldif"));
        assertTrue(c.isEmbedded());
        assertEquals("", c.base());
        assertEquals(DirectoryConfig.DEFAULT_USER_FILTER, c.userFilter());
        assertEquals(DirectoryConfig.DEFAULT_LOGIN_FILTER, c.loginFilter());
        assertEquals(AttributeNames.QMAIL, c.attributes());
    }

    @Test
    void externalWithFailover() {
        DirectoryConfig c = DirectoryConfig.builder().urls(List.of("ldap://ldap1.example.test", "ldaps://ldap2:636"))
                .bindDn("cn=mail,dc=example,dc=test").bindPassword("s3cret").base("dc=example,dc=test").build();
        assertFalse(c.isEmbedded());
        assertFalse(c.toString().contains("s3cret"), c.toString());
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertTrue(error(b -> b.ldif(null)).startsWith("directory:"));
        assertTrue(error(b -> b.urls(List.of("http://x"))).startsWith("urls:"));
        assertTrue(error(b -> b.urls(List.of("ldap://"))).startsWith("urls:"));
        assertTrue(error(b -> b.urls(List.of("not a url"))).startsWith("urls:"));
        assertTrue(error(b -> b.urls(List.of("ldaps://x")).startTls(true)).startsWith("startTls:"));
        assertTrue(error(b -> b.bindDn("not a dn")).startsWith("bindDn:"));
        assertTrue(error(b -> b.bindDn("cn=x")).startsWith("bindPassword:"));
        assertTrue(error(b -> b.base("nope")).startsWith("base:"));
        assertTrue(error(b -> b.poolSize(0)).startsWith("poolSize:"));
        assertTrue(error(b -> b.userFilter("(mail=alice)")).startsWith("userFilter:"));
        assertTrue(error(b -> b.userFilter("(mail=%s")).startsWith("userFilter:"));
        assertTrue(error(b -> b.loginFilter("uid=%s)(")).startsWith("loginFilter:"));
        assertTrue(error(b -> b.responseTimeout(java.time.Duration.ZERO)).startsWith("responseTimeout:"));
        assertTrue(error(b -> b.cacheTtl(java.time.Duration.ofSeconds(-1))).startsWith("cacheTtl:"));
        assertThrows(IllegalArgumentException.class, () -> new AttributeNames("uid", "mail)(x", "a", "b", "c", "d",
                "e", "f", "g", "h"));
    }
}
