package org.mailserver.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Editing LDIF as text: only the changed lines change; comments, folding and line ends stay. */
class LdifTextTest {
    private static final String FILE = String.join("\r\n",
            "# users", "version: 1", "",
            "dn: dc=example,dc=test", "objectClass: domain", "dc: example", "",
            "# alice's entry, with a folded description",
            "dn: uid=alice,dc=example,dc=test", "objectClass: inetOrgPerson", "uid: alice", "cn: Alice",
            "description: a long text folded",
            "  over two lines", "userPassword: {SSHA}old", "userPassword:: e1NIQX1vbGQy", "# trailing comment",
            "", "", "dn: uid=bob,dc=example,dc=test", "objectClass: inetOrgPerson", "uid: bob", "cn: Bob",
            "description: bob's", "") + "\r\n";

    @Test
    void replaceChangesTheValuesInPlaceAndNothingElse() throws IOException {
        LdifText text = LdifText.parse(FILE);
        text.replace(dn("uid=alice,dc=example,dc=test"), "userPassword", "{SSHA}new");
        assertEquals(FILE.replace("userPassword: {SSHA}old\r\nuserPassword:: e1NIQX1vbGQy\r\n",
                "userPassword: {SSHA}new\r\n"), text.text());
    }

    @Test
    void aFoldedValueIsReplacedWhole() throws IOException {
        LdifText text = LdifText.parse(FILE);
        text.replace(dn("UID=Alice, DC=example, DC=test"), "Description", "short");
        assertEquals(FILE.replace("description: a long text folded\r\n  over two lines\r\n", "Description: short\r\n"),
                text.text());
        assertEquals("short", text.entries().get(1).getAttributeValue("description"));
    }

    @Test
    void aNewAttributeGoesAfterTheEntrysLastLine() throws IOException {
        LdifText text = LdifText.parse(FILE);
        text.replace(dn("uid=bob,dc=example,dc=test"), "accountStatus", "disabled");
        assertEquals(FILE.replace("description: bob's\r\n", "description: bob's\r\naccountStatus: disabled\r\n"),
                text.text());
    }

    @Test
    void valuesThatAreNotSafeStringsAreBase64() throws IOException {
        LdifText text = LdifText.parse(FILE);
        text.replace(dn("uid=bob,dc=example,dc=test"), "cn", " Bob Ütte");
        assertEquals(" Bob Ütte", text.entries().get(2).getAttributeValue("cn"));
        assertEquals(true, text.text().contains("cn:: "));
    }

    @Test
    void aLongValueStaysOnOneLine() throws IOException {
        LdifText text = LdifText.parse(FILE);
        String hash = "{SSHA512}" + "A".repeat(120);
        text.replace(dn("uid=alice,dc=example,dc=test"), "userPassword", hash);
        assertEquals(true, text.text().contains("\r\nuserPassword: " + hash + "\r\n"));
    }

    @Test
    void appendAddsARecordAfterABlankLine() throws IOException {
        LdifText text = LdifText.parse("dn: dc=example,dc=test\nobjectClass: domain\ndc: example\n");
        text.append(new Entry("uid=carol,dc=example,dc=test", new Attribute("uid", "carol")));
        assertEquals("dn: dc=example,dc=test\nobjectClass: domain\ndc: example\n\n"
                + "dn: uid=carol,dc=example,dc=test\nuid: carol\n", text.text());
    }

    @Test
    void anUnknownEntryIsAnError() {
        assertThrows(IOException.class, () -> LdifText.parse(FILE).replace(dn("uid=zed,dc=example,dc=test"),
                "cn", "Zed"));
    }

    private static DN dn(String s) {
        try {
            return new DN(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
