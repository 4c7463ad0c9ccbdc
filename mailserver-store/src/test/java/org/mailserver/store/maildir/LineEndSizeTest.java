package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.directory.User;
import org.mailserver.store.Folder;
import org.mailserver.store.MessageInfo;
import org.mailserver.store.TestMessages;

/**
 * Files with bare LF line ends (Dovecot's, Courier's, procmail's): the size reported is the size
 * served, line ends counted as CRLF (Dovecot's W=), and the content is served with CRLF, so that an
 * IMAP RFC822.SIZE or a POP3 LIST matches the octets a client then receives.
 */
class LineEndSizeTest {

    private static final String LF_TEXT = "Subject: lf\n\nline one\nline two\r\n.\n";
    private static final String CRLF_TEXT = "Subject: lf\r\n\r\nline one\r\nline two\r\n.\r\n";

    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("alice@example.test");

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    private Path root() {
        return dataDir.resolve("mail/example.test/alice");
    }

    @Test
    void foreignFilesWithBareLineFeedsAreMeasuredAndServedWithCrlf() throws Exception {
        Folder inbox = store().open(alice).inbox();
        Files.writeString(root().resolve("new/1700000000.M1P1.procmail"), LF_TEXT);
        Files.writeString(root().resolve("cur/1700000001.M1P1.courier,S=" + LF_TEXT.length() + ":2,S"), LF_TEXT);
        List<MessageInfo> messages = inbox.sync();
        assertEquals(2, messages.size());
        for (MessageInfo message : messages) {
            assertEquals(CRLF_TEXT.length(), message.size(), message.baseName());
            byte[] served = TestMessages.read(inbox.open(message.uid()));
            assertEquals(CRLF_TEXT, new String(served, StandardCharsets.UTF_8));
        }
        List<String> uidlist = Files.readAllLines(root().resolve(UidList.FILE_NAME));
        assertEquals("1 W" + CRLF_TEXT.length() + " :1700000000.M1P1.procmail", uidlist.get(1),
                "the measured size is kept as Dovecot's W field, so the file is not read again");
        assertEquals(2L * CRLF_TEXT.length(), store().open(alice).usedBytes(), "the same after a restart");
    }

    @Test
    void aBareLineFeedThatGetsThroughIsCountedInW() throws Exception {
        MaildirStore store = store();
        DeliveryResult result = store.deliver(alice, new byte[0], TestMessages.bytes(LF_TEXT.getBytes(StandardCharsets.UTF_8)));
        String name = assertInstanceOf(DeliveryResult.Delivered.class, result).storedName();
        assertTrue(name.endsWith(",S=" + LF_TEXT.length() + ",W=" + CRLF_TEXT.length()), name);
        Folder inbox = store.open(alice).inbox();
        MessageInfo info = inbox.sync().get(0);
        assertEquals(CRLF_TEXT.length(), info.size());
        assertEquals(CRLF_TEXT, TestMessages.text(inbox.open(info.uid())));
    }

    @Test
    void crlfStreamAcrossBufferBoundariesAndOneByteAtATime() throws Exception {
        StringBuilder lf = new StringBuilder();
        StringBuilder crlf = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            lf.append(i % 3 == 0 ? "line\r\n" : "line\n");
            crlf.append("line\r\n");
        }
        byte[] input = lf.toString().getBytes(StandardCharsets.US_ASCII);
        assertEquals(crlf.toString(), new String(new CrlfInputStream(new ByteArrayInputStream(input)).readAllBytes(),
                StandardCharsets.US_ASCII));
        try (InputStream in = new CrlfInputStream(new ByteArrayInputStream(input))) {
            StringBuilder out = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                out.append((char) c);
            }
            assertEquals(crlf.toString(), out.toString());
        }
        LineEnds counter = new LineEnds();
        for (byte b : input) {
            counter.update(new byte[] {b}, 0, 1); // a CR and its LF in different chunks
        }
        assertEquals(crlf.length() - input.length, counter.bareLineFeeds());
    }
}
