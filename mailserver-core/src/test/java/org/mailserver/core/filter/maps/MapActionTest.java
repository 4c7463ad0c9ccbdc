package org.mailserver.core.filter.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * Every action of header_checks(5), on map lines as they appear in real Postfix setups (privacy
 * maps that strip a submission client's traces, subject tagging, archive copies, quarantine): each
 * loads, and each match yields the action, its word and its text with {@code $n} substituted.
 */
class MapActionTest {
    private static final String REAL_WORLD = """
            # privacy on the submission port: the client's own traces go
            /^Received:.*with ESMTPSA/              IGNORE
            /^X-Originating-IP:/                    IGNORE
            /^(User-Agent|X-Mailer):/               IGNORE
            # tagging and marking
            /^Subject:(.*\\bviagra\\b.*)$/           REPLACE Subject: [SPAM]$1
            /^From:.*@partner\\.example$/            PREPEND X-Partner: yes
            /^X-Spam-Flag: YES/                     DISCARD spam flagged upstream
            /^X-Virus-Status: Infected/             HOLD quarantined
            /^To:.*postmaster@/                     REDIRECT admin@example.com
            /^Subject:.*\\[scan\\]/                  FILTER smtp:[127.0.0.1]:10025
            /^X-Archive: yes/                       BCC archive@example.com
            /^X-Trace:/                             INFO trace header seen
            /^X-Test:/                              WARN test header
            /^X-Trusted:/                           OK
            /^X-Known:/                             DUNNO
            /^Content-Type:.*name=.*\\.exe/          REJECT 5.7.1 No executables
            """;

    private static MapAction action(String input) throws Exception {
        RegexpMap m = RegexpMapParser.parse("header_checks", new StringReader(REAL_WORLD));
        return m.lookup(input).map(MapMatch::action).orElse(null);
    }

    @Test
    void editingActionsCarryTheirTextWithSubstitutions() throws Exception {
        assertEquals(new MapAction(MapAction.Kind.IGNORE, null, null),
                action("Received: from laptop ([192.0.2.9]) by mx with ESMTPSA id 42"));
        assertEquals(new MapAction(MapAction.Kind.IGNORE, null, null), action("User-Agent: Thunderbird 128"));
        assertEquals(new MapAction(MapAction.Kind.REPLACE, null, "Subject: [SPAM] cheap viagra here"),
                action("Subject: cheap viagra here"));
        assertEquals(new MapAction(MapAction.Kind.PREPEND, null, "X-Partner: yes"), action("From: a@partner.example"));
    }

    @Test
    void discardAndTheLoggedActions() throws Exception {
        assertEquals(new MapAction(MapAction.Kind.DISCARD, null, "spam flagged upstream"), action("X-Spam-Flag: YES"));
        assertEquals(new MapAction(MapAction.Kind.INFO, null, "trace header seen"), action("X-Trace: 1"));
        assertEquals(new MapAction(MapAction.Kind.WARN, null, "test header"), action("X-Test: 1"));
        assertEquals(new MapAction(MapAction.Kind.DUNNO, "OK", null, null), action("X-Trusted: 1"));
        assertEquals(new MapAction(MapAction.Kind.DUNNO, null, null), action("X-Known: 1"));
        assertEquals(new MapAction(MapAction.Kind.REJECT, "5.7.1", "No executables"),
                action("Content-Type: application/octet-stream; name=run.exe"));
    }

    @Test
    void actionsNotCarriedOutStillLoadAndKeepTheirWord() throws Exception {
        assertEquals(new MapAction(MapAction.Kind.UNSUPPORTED, "HOLD", null, "quarantined"),
                action("X-Virus-Status: Infected"));
        assertEquals(new MapAction(MapAction.Kind.UNSUPPORTED, "REDIRECT", null, "admin@example.com"),
                action("To: postmaster@example.org"));
        assertEquals(new MapAction(MapAction.Kind.UNSUPPORTED, "FILTER", null, "smtp:[127.0.0.1]:10025"),
                action("Subject: please [scan] this"));
        assertEquals(new MapAction(MapAction.Kind.UNSUPPORTED, "BCC", null, "archive@example.com"),
                action("X-Archive: yes"));
        assertNull(action("X-Other: 1"));
    }

    @Test
    void theActionWordIsCaseInsensitive() {
        assertEquals(new MapAction(MapAction.Kind.IGNORE, null, null), MapAction.parse("ignore"));
        assertEquals(new MapAction(MapAction.Kind.PREPEND, null, "X-A: b"), MapAction.parse("prepend  X-A: b "));
        assertNull(MapAction.parse("QUARANTINE now"));
    }
}
