package org.mailserver.core.filter.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Postfix regexp: table format, on lines taken from Postfix's documentation and widely used maps. */
class RegexpMapParserTest {

    static RegexpMap map(String text) throws Exception {
        return RegexpMapParser.parse("test_checks", new StringReader(text));
    }

    private static MapAction action(RegexpMap m, String input) {
        return m.lookup(input).map(MapMatch::action).orElse(null);
    }

    @Test
    void headerChecksManualExamples() throws Exception {
        // header_checks(5), EXAMPLES
        RegexpMap m = map("""
                /^Subject: make money fast/     REJECT
                /^To: friend@public\\.com/       REJECT
                """);
        assertEquals(new MapAction(MapAction.Kind.REJECT, null, null), action(m, "Subject: MAKE MONEY FAST now"));
        assertEquals(new MapAction(MapAction.Kind.REJECT, null, null), action(m, "To: friend@public.com"));
        assertEquals(null, action(m, "To: friend@publicXcom"));
        assertEquals("test_checks:2", m.lookup("To: friend@public.com").get().where());
    }

    @Test
    void theWellKnownAttachmentLineWithSubstitutions() throws Exception {
        // the attachment map of Postfix's MIME documentation and many sites' header_checks
        RegexpMap m = map("""
                /^Content-(Disposition|Type).*name\\s*=\\s*"?(.*\\.(ad[ep]|ba[st]|chm|cmd|com|cpl|crt|exe|hlp|hta|inf|ins|
                 isp|js|jse|lnk|mdb|mde|msc|msi|msp|mst|pcd|pif|reg|scr|sct|shs|url|vb|vbe|vbs|wsc|wsf|wsh))"?\\s*$/
                    REJECT Attachment name "$2" may not end with ".$3"
                """);
        MapAction a = action(m, "Content-Type: application/octet-stream; name=\"invoice.pif\"");
        assertEquals(MapAction.Kind.REJECT, a.kind());
        assertEquals("Attachment name \"invoice.pif\" may not end with \".pif\"", a.text());
        assertEquals(null, action(m, "Content-Type: application/pdf; name=\"invoice.pdf\""));
    }

    @Test
    void enhancedStatusAndTextAreSeparated() throws Exception {
        RegexpMap m = map("/^Subject:.*\\bcheap pills\\b/     REJECT 5.7.1 Subject rejected by policy\n"
                + "/^X-Temp:/ REJECT 4.7.0 Try again\n/^X-Flag: 2.0.0/ REJECT 2.0.0 odd\n");
        assertEquals(new MapAction(MapAction.Kind.REJECT, "5.7.1", "Subject rejected by policy"),
                action(m, "Subject: buy cheap pills now"));
        assertEquals(new MapAction(MapAction.Kind.REJECT, "4.7.0", "Try again"), action(m, "X-Temp: 1"));
        assertEquals(new MapAction(MapAction.Kind.REJECT, null, "2.0.0 odd"), action(m, "X-Flag: 2.0.0"),
                "a 2.x.x code is no refusal code: it stays text");
    }

    @Test
    void otherActions() throws Exception {
        RegexpMap m = map("""
                /^X-Mailer: Bulk/    WARN bulk mailer
                /^X-Old:/            IGNORE
                /^X-Junk:/           DISCARD junk
                /^X-Ok:/             OK
                /^X-Dunno:/          DUNNO
                /^X-Hold:/           HOLD quarantine
                /^X-/                REJECT any other X- header
                """);
        assertEquals(MapAction.Kind.WARN, action(m, "X-Mailer: Bulk 1.0").kind());
        assertEquals(MapAction.Kind.IGNORE, action(m, "X-Old: 1").kind());
        assertEquals(MapAction.Kind.DISCARD, action(m, "X-Junk: 1").kind());
        assertEquals(MapAction.Kind.DUNNO, action(m, "X-Ok: 1").kind(), "OK stops the lookup like DUNNO");
        assertEquals(MapAction.Kind.DUNNO, action(m, "X-Dunno: 1").kind());
        assertEquals(MapAction.Kind.UNSUPPORTED, action(m, "X-Hold: 1").kind());
        assertEquals(MapAction.Kind.REJECT, action(m, "X-Other: 1").kind());
    }

    @Test
    void flagsToggleCaseSensitivity() throws Exception {
        RegexpMap m = map("/^Subject: ABC/i REJECT\n/^Subject: def/ REJECT\n");
        assertEquals(null, action(m, "Subject: abc"), "i turns the default case-insensitivity off");
        assertEquals(MapAction.Kind.REJECT, action(m, "Subject: ABC").kind());
        assertEquals(MapAction.Kind.REJECT, action(m, "SUBJECT: DEF").kind());
    }

    @Test
    void negationIfBlocksCommentsAndContinuations() throws Exception {
        // regexp_table(5): if/endif, "!", comments, continuation lines
        RegexpMap m = map("""
                # Protect your outgoing majordomo exploders
                if !/^Subject:/
                /^(.*)-outgoing@(.*)$/  REJECT Use ${1}@${2} instead
                endif
                if /^Subject:/

                # a comment inside the block
                !/free/ DUNNO
                /viagra/
                  REJECT spam
                endif
                /[%!@].*[%!@]/     REJECT Sender-specified routing rejected
                """);
        assertEquals("Use list@example.test instead", action(m, "list-outgoing@example.test").text());
        assertEquals(MapAction.Kind.DUNNO, action(m, "Subject: hello").kind());
        assertEquals("spam", action(m, "Subject: free viagra").text());
        assertEquals(Optional.empty(), m.lookup("Subject: free stuff").map(MapMatch::action)
                .filter(a -> a.kind() != MapAction.Kind.DUNNO));
        assertEquals("Sender-specified routing rejected", action(m, "a%b@c").text());
        assertEquals("test_checks:9", m.lookup("Subject: free viagra").get().where(), "the line the rule starts on");
    }

    @Test
    void otherDelimitersPosixClassesAndEscapedDelimiters() throws Exception {
        RegexpMap m = map("|^Subject: a/b|  REJECT slash\n/^Subject: c\\/d/ REJECT escaped\n/^X-N: [[:digit:]]+$/ REJECT digits\n");
        assertEquals("slash", action(m, "Subject: a/b").text());
        assertEquals("escaped", action(m, "Subject: c/d").text());
        assertEquals("digits", action(m, "X-N: 123").text());
        assertEquals(null, action(m, "X-N: 12a"));
    }

    @Test
    void errorsNameFileAndLine() {
        assertError("test_checks:2: missing closing delimiter", "# c\n/^Subject: x REJECT\n");
        assertError("test_checks:1: bad regular expression", "/^Subject: (x/ REJECT\n");
        assertError("test_checks:1: unknown flag q", "/x/q REJECT\n");
        assertError("test_checks:1: no action", "/x/\n");
        assertError("test_checks:1: unknown action", "/x/ BOUNCE now\n");
        assertError("test_checks:3: \"endif\" without \"if\"", "/x/ REJECT\n\nendif\n");
        assertError("test_checks:2: \"if\" without \"endif\"", "/x/ REJECT\nif /y/\n/z/ REJECT\n");
        assertError("test_checks:1: expected /pattern/", "Subject REJECT\n");
        assertError("test_checks:1: continuation line", "  /x/ REJECT\n");
    }

    private static void assertError(String start, String text) {
        MapException e = assertThrows(MapException.class, () -> map(text));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
