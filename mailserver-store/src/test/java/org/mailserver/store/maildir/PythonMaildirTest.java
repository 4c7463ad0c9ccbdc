package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mailserver.store.TestMessages.crlf;
import static org.mailserver.store.TestMessages.message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.directory.User;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;
import org.mailserver.store.UserMailbox;

/** Python's {@code mailbox.Maildir} (the acceptance kit's reader) reads what we write, and we read what it writes. */
class PythonMaildirTest {

    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("alice@example.test");

    private static String python(String script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 not installed");
            throw e;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    private static final String DUMP = String.join("\n",
            "import mailbox, sys, hashlib",
            "md = mailbox.Maildir(sys.argv[1], factory=None, create=False)",
            "def dump(box, label):",
            "    rows = []",
            "    for key in box.keys():",
            "        m = box[key]",
            "        raw = box.get_bytes(key)",
            "        rows.append('%s %s flags=%s subject=%s sha=%s' % (label, m.get_subdir(), m.get_flags(),",
            "                    m['Subject'], hashlib.sha256(raw).hexdigest()[:12]))",
            "    for row in sorted(rows): print(row)",
            "dump(md, 'INBOX')",
            "for name in sorted(md.list_folders()): dump(md.get_folder(name), name)",
            "print('folders', sorted(md.list_folders()))");

    @Test
    void pythonReadsOurMaildir() throws Exception {
        MaildirStore store = new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
        assertInstanceOf(DeliveryResult.Delivered.class,
                store.deliver(alice, crlf("Delivered-To: alice@example.test\n"), message("Subject: one\n\nfirst\n")));
        assertInstanceOf(DeliveryResult.Delivered.class,
                store.deliver(alice, new byte[0], message("Subject: two\n\nsecond\n")));
        UserMailbox mailbox = store.open(alice);
        Folder inbox = mailbox.inbox();
        List<MessageInfo> messages = inbox.sync();
        inbox.setFlags(messages.get(1).uid(), EnumSet.of(Flag.SEEN, Flag.FLAGGED), Set.of("work"));
        mailbox.create("Sent");
        mailbox.create("Archive.2026");
        mailbox.folder("Sent").append(message("Subject: sent\n\nbye\n"), EnumSet.of(Flag.SEEN, Flag.ANSWERED), Set.of(),
                Instant.now());

        String out = python(DUMP, dataDir.resolve("mail/example.test/alice").toString());

        String sha1 = sha(crlf("Delivered-To: alice@example.test\nSubject: one\n\nfirst\n"));
        String sha2 = sha(crlf("Subject: two\n\nsecond\n"));
        String sha3 = sha(crlf("Subject: sent\n\nbye\n"));
        assertEquals(String.join("\n",
                "INBOX cur flags=FSa subject=two sha=" + sha2,
                "INBOX new flags= subject=one sha=" + sha1,
                "Sent cur flags=RS subject=sent sha=" + sha3,
                "folders ['Archive.2026', 'Sent']", ""), out);
    }

    @Test
    void weReadWhatPythonWrites() throws Exception {
        MaildirStore store = new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
        Folder inbox = store.open(alice).inbox();
        python(String.join("\n",
                "import mailbox, sys",
                "md = mailbox.Maildir(sys.argv[1], create=False)",
                "m = mailbox.MaildirMessage(b'Subject: from python\\r\\n\\r\\nhello\\r\\n')",
                "m.set_subdir('cur'); m.set_flags('RS')",
                "md.add(m)",
                "md.add(b'Subject: new one\\r\\n\\r\\nx\\r\\n')"), dataDir.resolve("mail/example.test/alice").toString());
        List<MessageInfo> messages = inbox.sync();
        assertEquals(2, messages.size());
        assertEquals(Set.of(EnumSet.of(Flag.ANSWERED, Flag.SEEN), Set.of()),
                Set.of(messages.get(0).flags(), messages.get(1).flags()));
        for (MessageInfo info : messages) {
            assertEquals(TestMessages.read(inbox.open(info.uid())).length, info.size(), "size from the file without S=");
        }
    }

    private static String sha(byte[] content) throws Exception {
        return TestMessages.sha256(new java.io.ByteArrayInputStream(content)).substring(0, 12);
    }
}
