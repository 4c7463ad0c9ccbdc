package org.mailserver.imap.server;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ID (RFC 2971), ENABLE (RFC 5161), NAMESPACE (RFC 2342) and QUOTA (RFC 9208). */
class ImapExtensionsTest extends ImapServerTestBase {

    @Test
    void idNamesTheServerWhateverTheClientSays() throws Exception {
        play(connect(), """
                C: a1 ID ("name" "transcript" "version" "1.0" "os" NIL)
                S: * ID ("name" "mailserver"{})
                S: a1 OK {}
                C: a2 ID NIL
                S: * ID ("name" "mailserver"{})
                S: a2 OK {}
                C: a3 ID ("name")
                S: a3 BAD {}
                C: a4 ID
                S: a4 BAD {}
                """);
    }

    @Test
    void enableListsOnlyWhatItTurnedOn() throws Exception {
        play(login("bob"), """
                C: a1 ENABLE X-NOSUCH-EXTENSION
                S: * ENABLED
                S: a1 OK {}
                C: a2 ENABLE
                S: a2 BAD {}
                """);
    }

    @Test
    void namespaceIsPersonalOnly() throws Exception {
        play(login("alice"), """
                C: a1 NAMESPACE
                S: * NAMESPACE (("" "/")) NIL NIL
                S: a1 OK {}
                """);
    }

    @Test
    void quotaOfAUserWithALimit() throws Exception {
        // carol: mailQuotaSize 20000 octets, i.e. 19 units of 1024 (RFC 9208 5.1)
        ImapLineClient c = login("carol");
        List<String> caps = c.command("a0", "CAPABILITY");
        Transcript.check(caps, "* CAPABILITY {}QUOTA{}QUOTA=RES-STORAGE{}", "a0 OK {}");
        deliver("carol", "Subject: x\r\n\r\n" + "y".repeat(3000) + "\r\n");
        play(c, """
                C: a1 GETQUOTAROOT INBOX
                S: * QUOTAROOT INBOX ""
                S: * QUOTA "" (STORAGE 3 20)
                S: a1 OK {}
                C: a2 GETQUOTAROOT Sent
                S: * QUOTAROOT Sent ""
                S: * QUOTA "" (STORAGE 3 20)
                S: a2 OK {}
                C: a3 GETQUOTA ""
                S: * QUOTA "" (STORAGE 3 20)
                S: a3 OK {}
                C: a4 GETQUOTA "user.carol"
                S: a4 NO {}
                C: a5 SETQUOTA "" (STORAGE 100000)
                S: a5 NO {}
                C: a6 GETQUOTAROOT nosuchbox
                S: a6 NO {}
                """);
    }

    @Test
    void aUserWithoutALimitHasNoQuotaRoot() throws Exception {
        // RFC 9208 9: quota-list = "(" quota-resource *(SP quota-resource) ")", never "()"; so no root
        // (RFC 9208 4.3.2: a QUOTAROOT response without roots)
        play(login("bob"), """
                C: a1 GETQUOTAROOT INBOX
                S: * QUOTAROOT INBOX
                S: a1 OK {}
                C: a2 GETQUOTA ""
                S: a2 NO [NONEXISTENT] {}
                """);
    }
}
