package org.mailserver.imap.grammar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.imap.grammar.ImapCommand.Qresync;
import org.mailserver.imap.grammar.SequenceSet.Range;

/** The commands other than FETCH and SEARCH, each with the exact record expected, and the syntax errors. */
class ImapParserTest {

    /** Frames a command as the decoder does: lines, and after {n} or {n+} that many octets. */
    static List<Segment> frame(String wire) {
        byte[] b = wire.getBytes(StandardCharsets.UTF_8);
        List<Segment> out = new ArrayList<>();
        int i = 0;
        while (true) {
            int lf = i;
            while (lf < b.length && b[lf] != '\n') {
                lf++;
            }
            int end = lf > i && lf <= b.length && b[lf - 1] == '\r' ? lf - 1 : lf;
            byte[] line = Arrays.copyOfRange(b, i, end);
            out.add(new Segment.Text(line));
            CommandLine.Literal literal = CommandLine.literal(line, line.length, false);
            if (literal == null || lf >= b.length) {
                return out;
            }
            i = lf + 1;
            int n = (int) literal.size();
            out.add(new Segment.Literal(Arrays.copyOfRange(b, i, i + n)));
            i += n;
        }
    }

    static ImapCommand parse(String wire) throws ImapSyntaxException {
        return ImapParser.parse(frame(wire));
    }

    static ImapSyntaxException error(String wire) {
        return assertThrows(ImapSyntaxException.class, () -> parse(wire));
    }

    static SequenceSet set(long... ends) {
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < ends.length; i += 2) {
            ranges.add(new Range(ends[i], ends[i + 1]));
        }
        return new SequenceSet(ranges);
    }

    private static final long STAR = SequenceSet.STAR;

    @Test
    void commandsWithoutArguments() throws Exception {
        assertEquals(new ImapCommand.Capability("a1"), parse("a1 CAPABILITY"));
        assertEquals(new ImapCommand.Noop("a2"), parse("a2 noop"));
        assertEquals(new ImapCommand.Logout("a3"), parse("a3 LogOut"));
        assertEquals(new ImapCommand.StartTls("a4"), parse("a4 STARTTLS"));
        assertEquals(new ImapCommand.Namespace("a5"), parse("a5 NAMESPACE"));
        assertEquals(new ImapCommand.Idle("a6"), parse("a6 IDLE"));
        assertEquals(new ImapCommand.Check("a7"), parse("a7 CHECK"));
        assertEquals(new ImapCommand.Close("a8"), parse("a8 CLOSE"));
        assertEquals(new ImapCommand.Unselect("a9"), parse("a9 UNSELECT"));
        assertEquals(new ImapCommand.Expunge("b1", null), parse("b1 EXPUNGE"));
        assertEquals(new ImapCommand.Expunge("b2", set(3000, 3002, 3005, 3005)), parse("b2 UID EXPUNGE 3000:3002,3005"));
    }

    @Test
    void loginAndAuthenticate() throws Exception {
        assertEquals(new ImapCommand.Login("a1", "alice", "pa ss\"w\\d"), parse("a1 LOGIN alice \"pa ss\\\"w\\\\d\""));
        assertEquals(new ImapCommand.Login("a2", "bob@example.test", "s3cr\u00e9t"),
                parse("a2 login {16}\r\nbob@example.test {7+}\r\ns3cr\u00e9t"));
        assertEquals(new ImapCommand.Authenticate("a3", "PLAIN", null), parse("a3 AUTHENTICATE plain"));
        assertEquals(new ImapCommand.Authenticate("a4", "PLAIN", "AGFsaWNlAHNlY3JldA=="),
                parse("a4 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA=="));
        assertEquals(new ImapCommand.Authenticate("a5", "EXTERNAL", "="), parse("a5 AUTHENTICATE EXTERNAL ="));
        assertEquals("the initial response is not base64", error("a6 AUTHENTICATE PLAIN a!b").getMessage());
        assertEquals("missing password", error("a7 LOGIN alice").getMessage());
    }

    @Test
    void selectAndExamine() throws Exception {
        assertEquals(new ImapCommand.Select("a1", "INBOX", false, false, null), parse("a1 SELECT INBOX"));
        assertEquals(new ImapCommand.Select("a2", "Sent Items", true, false, null), parse("a2 EXAMINE \"Sent Items\""));
        assertEquals(new ImapCommand.Select("a3", "inbox", false, true, null), parse("a3 SELECT inbox (CONDSTORE)"));
        // RFC 7162 3.2.5.2's examples
        assertEquals(new ImapCommand.Select("a4", "INBOX", false, false,
                        new Qresync(67890007, 20050715194045000L, set(41, 41, 43, 211, 214, 541), null, null)),
                parse("a4 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))"));
        assertEquals(new ImapCommand.Select("a5", "INBOX", false, false,
                        new Qresync(67890007, 90060115194045000L, set(41, 211, 214, 541),
                                set(1, 1, 5, 5, 10, 10), set(8, 8, 143, 143, 231, 231))),
                parse("a5 select INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541 (1,5,10 8,143,231)))"));
        assertEquals(new ImapCommand.Select("a6", "INBOX", false, true,
                        new Qresync(1, 2, null, set(1, 1), set(7, 7))),
                parse("a6 SELECT INBOX (CONDSTORE QRESYNC (1 2 (1 7)))"));
        assertEquals("missing mailbox name", error("a7 SELECT").getMessage());
        assertEquals("unknown SELECT parameter FOO", error("a8 SELECT INBOX (FOO)").getMessage());
        assertEquals("mod-sequence must not be 0", error("a9 SELECT INBOX (QRESYNC (1 0))").getMessage());
    }

    @Test
    void mailboxManagement() throws Exception {
        assertEquals(new ImapCommand.Create("a1", "owatagusiam/", List.of()), parse("a1 CREATE owatagusiam/"));
        assertEquals(new ImapCommand.Create("a2", "MySent", List.of("\\Sent")), parse("a2 CREATE MySent (USE (\\Sent))"));
        assertEquals(new ImapCommand.Create("a3", "x", List.of("\\Junk", "\\Trash")),
                parse("a3 CREATE x (use (\\Junk \\Trash))"));
        assertEquals(new ImapCommand.Delete("a4", "blurdybloop"), parse("a4 DELETE blurdybloop"));
        assertEquals(new ImapCommand.Rename("a5", "foo", "bar baz"), parse("a5 RENAME foo \"bar baz\""));
        assertEquals(new ImapCommand.Subscribe("a6", "#news.comp"), parse("a6 SUBSCRIBE #news.comp"));
        assertEquals(new ImapCommand.Unsubscribe("a7", "Entw\u00fcrfe"), parse("a7 UNSUBSCRIBE \"Entw\u00fcrfe\""));
        assertEquals(new ImapCommand.Delete("a8", "B\u00fccher"), parse("a8 DELETE B\u00fccher"));
        assertEquals("missing new mailbox name", error("a9 RENAME foo").getMessage());
        assertEquals("unknown CREATE parameter FOO", error("b1 CREATE x (FOO)").getMessage());
    }

    @Test
    void listLsubAndStatus() throws Exception {
        assertEquals(new ImapCommand.ListMailboxes("a1", "", List.of("*"), Set.of(), Set.of(), List.of()),
                parse("a1 LIST \"\" *"));
        assertEquals(new ImapCommand.ListMailboxes("a2", "~/Mail/", List.of("%"), Set.of(), Set.of(), List.of()),
                parse("a2 list ~/Mail/ %"));
        assertEquals(new ImapCommand.ListMailboxes("a3", "", List.of(""), Set.of(), Set.of(), List.of()),
                parse("a3 LIST \"\" \"\""));
        assertEquals(new ImapCommand.ListMailboxes("a4", "", List.of("INBOX", "Drafts/%"),
                        Set.of("SUBSCRIBED", "RECURSIVEMATCH"), Set.of("CHILDREN"),
                        List.of(StatusItem.MESSAGES, StatusItem.UNSEEN)),
                parse("a4 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"INBOX\" Drafts/%) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))"));
        assertEquals(new ImapCommand.ListMailboxes("a5", "", List.of("*"), Set.of("SPECIAL-USE"), Set.of("SPECIAL-USE"),
                        List.of()),
                parse("a5 LIST (SPECIAL-USE) \"\" * RETURN (SPECIAL-USE)"));
        assertEquals(new ImapCommand.ListMailboxes("a6", "", List.of("%"), Set.of(), Set.of(), List.of()),
                parse("a6 LIST () \"\" % RETURN ()"));
        assertEquals(new ImapCommand.Lsub("a7", "#news.", "comp.mail.*"), parse("a7 LSUB \"#news.\" \"comp.mail.*\""));
        assertEquals(new ImapCommand.Status("a8", "blurdybloop", List.of(StatusItem.UIDNEXT, StatusItem.MESSAGES,
                        StatusItem.HIGHESTMODSEQ, StatusItem.SIZE, StatusItem.DELETED)),
                parse("a8 STATUS blurdybloop (UIDNEXT messages HIGHESTMODSEQ SIZE DELETED)"));
        assertEquals("RECURSIVEMATCH needs another selection option such as SUBSCRIBED",
                error("a9 LIST (RECURSIVEMATCH) \"\" *").getMessage());
        assertEquals("unknown LIST selection option FOO", error("b1 LIST (FOO) \"\" *").getMessage());
        assertEquals("unknown LIST return option FOO", error("b2 LIST \"\" * RETURN (FOO)").getMessage());
        assertEquals("unknown STATUS item APPENDLIMIT", error("b3 STATUS INBOX (APPENDLIMIT)").getMessage());
        assertEquals("missing mailbox pattern", error("b4 LIST \"\"").getMessage());
    }

    @Test
    void append() throws Exception {
        ImapCommand.Append a = (ImapCommand.Append) parse(
                "A003 APPEND saved-messages (\\Seen $Label) \" 7-Feb-1994 21:52:25 -0800\" {5}\r\nhello");
        assertEquals("A003", a.tag());
        assertEquals("saved-messages", a.mailbox());
        assertEquals(List.of("\\Seen", "$Label"), a.flags());
        assertEquals(ZonedDateTime.of(1994, 2, 7, 21, 52, 25, 0, ZoneOffset.ofHours(-8)), a.date());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), read(a.message()));

        a = (ImapCommand.Append) parse("a1 APPEND {5+}\r\nINBOX \"17-Jul-1996 02:44:25 +0130\" {0}\r\n");
        assertEquals("INBOX", a.mailbox());
        assertEquals(List.of(), a.flags());
        assertEquals(ZonedDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHoursMinutes(1, 30)), a.date());
        assertEquals(0, a.message().size());

        // the decoder's spooled message is passed on as it is; RFC 3516's literal8 too
        MessageSource spooled = new Bytes("x");
        List<Segment> segments = List.of(new Segment.Text("a2 append Drafts () ~{1}".getBytes(StandardCharsets.US_ASCII)),
                new Segment.Message(spooled), new Segment.Text(new byte[0]));
        a = (ImapCommand.Append) ImapParser.parse(segments);
        assertSame(spooled, a.message());
        assertEquals(List.of(), a.flags());
        assertNull(a.date());

        assertEquals("missing message literal", error("a3 APPEND INBOX").getMessage());
        assertTrue(error("a4 APPEND INBOX (\\Seen) \"32-Feb-1994 21:52:25 -0800\" {1}\r\nx").getMessage()
                .startsWith("invalid APPEND date-time: "));
        assertEquals("invalid APPEND date-time at \"7-Feb-1994\" {1}", error("a4 APPEND INBOX \"7-Feb-1994\" {1}\r\nx").getMessage());
        assertEquals("unexpected text after the command: x", error("a5 APPEND INBOX {1}\r\nyx").getMessage());
        assertEquals("a message literal is only allowed as the APPEND message", assertThrows(ImapSyntaxException.class,
                () -> ImapParser.parse(List.of(new Segment.Text("a6 LOGIN {1}".getBytes(StandardCharsets.US_ASCII)),
                        new Segment.Message(spooled), new Segment.Text(new byte[0])))).getMessage());
    }

    @Test
    void messageCommands() throws Exception {
        assertEquals(new ImapCommand.Copy("a1", false, set(2, 4), "MEETING"), parse("a1 COPY 2:4 MEETING"));
        assertEquals(new ImapCommand.Copy("a2", true, set(1, STAR, 7, 3), "Archive"), parse("a2 uid copy 1:*,7:3 Archive"));
        assertEquals(new ImapCommand.Move("a3", false, set(STAR, STAR), "Trash"), parse("a3 MOVE * Trash"));
        assertEquals(new ImapCommand.Move("a4", true, set(42, 69), "foo"), parse("a4 UID MOVE 42:69 foo"));
        assertEquals(new ImapCommand.Store("a5", false, set(2, 4), -1, StoreMode.ADD, false, List.of("\\Deleted")),
                parse("a5 STORE 2:4 +FLAGS (\\Deleted)"));
        assertEquals(new ImapCommand.Store("a6", false, set(1, 1), -1, StoreMode.REPLACE, true, List.of("\\Seen", "$Label")),
                parse("a6 store 1 flags.silent \\Seen $Label"));
        assertEquals(new ImapCommand.Store("a7", true, set(1, STAR), -1, StoreMode.REMOVE, true, List.of("\\Seen")),
                parse("a7 UID STORE 1:* -FLAGS.SILENT (\\Seen)"));
        assertEquals(new ImapCommand.Store("a8", false, set(7, 7), 12345, StoreMode.REPLACE, false, List.of()),
                parse("a8 STORE 7 (UNCHANGEDSINCE 12345) FLAGS ()"));
        assertEquals(new ImapCommand.Store("a9", false, set(7, 7), 0, StoreMode.ADD, false, List.of("\\Flagged")),
                parse("a9 STORE 7 (UNCHANGEDSINCE 0) +FLAGS \\Flagged"));
        assertEquals("unknown STORE item LABELS; expected FLAGS, +FLAGS or -FLAGS",
                error("b1 STORE 1 +LABELS (x)").getMessage());
        assertEquals("invalid sequence set: 0 is not a message number or UID", error("b2 COPY 0:3 x").getMessage());
        assertEquals("unknown command UID NOOP", error("b3 UID NOOP").getMessage());
        assertEquals("unknown command UID CHECK", error("b4 UID CHECK").getMessage());
    }

    @Test
    void otherExtensions() throws Exception {
        assertEquals(new ImapCommand.Enable("a1", List.of("CONDSTORE", "UTF8=ACCEPT")),
                parse("a1 ENABLE CONDSTORE utf8=accept"));
        assertEquals(new ImapCommand.Id("a2", null), parse("a2 ID NIL"));
        Map<String, String> id = new LinkedHashMap<>();
        id.put("name", "sodr");
        id.put("version", null);
        assertEquals(new ImapCommand.Id("a3", id), parse("a3 ID (\"name\" \"sodr\" \"version\" NIL)"));
        assertEquals(new ImapCommand.Id("a4", Map.of()), parse("a4 ID ()"));
        assertEquals(new ImapCommand.GetQuota("a5", ""), parse("a5 GETQUOTA \"\""));
        assertEquals(new ImapCommand.GetQuotaRoot("a6", "INBOX"), parse("a6 GETQUOTAROOT INBOX"));
        assertEquals(new ImapCommand.SetQuota("a7", "user.alice"), parse("a7 SETQUOTA user.alice (STORAGE 512)"));
        assertEquals(new ImapCommand.SetQuota("a8", "x"), parse("a8 SETQUOTA x {3}\r\nabc"));
        assertEquals(new ImapCommand.Compress("a9", "DEFLATE"), parse("a9 COMPRESS deflate"));
        assertEquals("missing capability name", error("b1 ENABLE").getMessage());
        assertEquals("missing ID field value", error("b2 ID (\"name\")").getMessage());
    }

    @Test
    void syntaxErrors() {
        ImapSyntaxException e = error("");
        assertNull(e.tag());
        assertEquals("empty command line", e.getMessage());
        e = error("* NOOP");
        assertNull(e.tag());
        assertEquals("missing or invalid tag", e.getMessage());
        assertNull(error("a+b NOOP").tag());
        e = error("A1");
        assertEquals("A1", e.tag());
        assertEquals("missing command name", e.getMessage());
        e = error("A1 FOO bar");
        assertEquals("A1", e.tag());
        assertEquals("unknown command FOO", e.getMessage());
        assertEquals("unexpected text after the command:  ", error("A1 NOOP ").getMessage());
        assertEquals("unknown command NOOPEXTRA", error("A1 NOOPextra").getMessage());
        assertEquals("unexpected text after the command: (x)", error("A1 NOOP(x)").getMessage());
        assertEquals("unterminated quoted string", error("A1 SELECT \"INBOX").getMessage());
        assertEquals("invalid escape in a quoted string (only \\\\ and \\\" are allowed)",
                error("A1 SELECT \"IN\\BOX\"").getMessage());
        assertEquals("invalid mailbox name at (INBOX)", error("A1 SELECT (INBOX)").getMessage());
        assertEquals("a literal size must end the line: x", assertThrows(ImapSyntaxException.class,
                () -> ImapParser.parse(List.of(new Segment.Text("A1 SELECT {5}x".getBytes(StandardCharsets.US_ASCII)))))
                .getMessage());
        assertEquals("missing literal data", assertThrows(ImapSyntaxException.class,
                () -> ImapParser.parse(List.of(new Segment.Text("A1 SELECT {5}".getBytes(StandardCharsets.US_ASCII)))))
                .getMessage());
        assertEquals("literal of 3 octets announced as 5", assertThrows(ImapSyntaxException.class,
                () -> ImapParser.parse(List.of(new Segment.Text("A1 SELECT {5}".getBytes(StandardCharsets.US_ASCII)),
                        new Segment.Literal(new byte[3]), new Segment.Text(new byte[0])))).getMessage());
        assertEquals("empty command", assertThrows(ImapSyntaxException.class, () -> ImapParser.parse(List.of()))
                .getMessage());
        assertEquals("sequence set is too large", error("A1 FETCH 4294967296 FLAGS").getMessage());
    }

    private static byte[] read(MessageSource m) throws IOException {
        try (InputStream in = m.open()) {
            return in.readAllBytes();
        }
    }

    /** A message the way the decoder would hand it over, without a spool. */
    private static final class Bytes implements MessageSource {
        private final byte[] bytes;

        Bytes(String s) {
            bytes = s.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }
}
