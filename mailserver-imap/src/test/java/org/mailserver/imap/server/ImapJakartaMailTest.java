package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.Test;
import org.mailserver.core.testing.TestLdif;

/**
 * A real client: Jakarta Mail's IMAP provider (Angus Mail, as GreenMail brings it) against the server,
 * over plain IMAP, STARTTLS and implicit TLS.
 */
class ImapJakartaMailTest extends ImapServerTestBase {

    private IMAPStore connect(String user) throws Exception {
        return connect(user, "imap", server.port(), new Properties());
    }

    private IMAPStore connect(String user, String protocol, int port, Properties extra) throws Exception {
        Properties p = new Properties();
        for (String proto : new String[] {"imap", "imaps"}) {
            p.put("mail." + proto + ".connectiontimeout", "10000");
            p.put("mail." + proto + ".timeout", "10000");
            p.put("mail." + proto + ".ssl.trust", "*"); // the test server's certificate is self-signed
            p.put("mail." + proto + ".ssl.checkserveridentity", "false");
        }
        p.putAll(extra);
        IMAPStore store = (IMAPStore) Session.getInstance(p).getStore(protocol);
        store.connect("127.0.0.1", port, user, TestLdif.PASSWORDS.get(user));
        closeLater(() -> {
            if (store.isConnected()) {
                store.close();
            }
        });
        return store;
    }

    private static IMAPFolder open(Store store, String name, int mode) throws Exception {
        IMAPFolder f = (IMAPFolder) store.getFolder(name);
        f.open(mode);
        return f;
    }

    private static MimeMessage compose(String subject, String body) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("bob@example.test"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.test"));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        m.setSentDate(new Date());
        m.saveChanges();
        return m;
    }

    @Test
    void readsMessagesAndTheirParts() throws Exception {
        deliver("bob", ImapFetchTest.PLAIN);
        deliver("bob", ImapFetchTest.MULTIPART);
        Folder inbox = open(connect("bob"), "INBOX", Folder.READ_ONLY);
        assertEquals(2, inbox.getMessageCount());
        assertEquals(2, inbox.getUnreadMessageCount());
        Message plain = inbox.getMessage(1);
        assertEquals("hello there", plain.getSubject());
        assertEquals("Alice Liddell <alice@example.test>", plain.getFrom()[0].toString());
        assertEquals("first line\r\nsecond line\r\n", plain.getContent());
        assertEquals(ImapFetchTest.PLAIN.length(), plain.getSize());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        plain.writeTo(raw);
        assertEquals(ImapFetchTest.PLAIN, raw.toString("US-ASCII"));

        Message mixed = inbox.getMessage(2);
        assertEquals("multipart-1", mixed.getSubject());
        assertTrue(mixed.isMimeType("multipart/mixed"));
        Multipart parts = (Multipart) mixed.getContent();
        assertEquals(2, parts.getCount());
        BodyPart text = parts.getBodyPart(0);
        assertTrue(text.isMimeType("text/plain"));
        assertEquals("plain part body", text.getContent());
        BodyPart attachment = parts.getBodyPart(1);
        // the server sends the disposition upper case, as Cyrus does; Dovecot keeps the message's case
        assertTrue(Part.ATTACHMENT.equalsIgnoreCase(attachment.getDisposition()), attachment.getDisposition());
        assertEquals("data.bin", attachment.getFileName());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, attachment.getInputStream().readAllBytes());
        assertFalse(inbox.getMessage(1).isSet(Flags.Flag.SEEN), "READ_ONLY fetches do not set \\Seen");
        inbox.close(false);
    }

    @Test
    void flagsAreStoredAndSeenByTheNextSession() throws Exception {
        deliverMany("bob", 3);
        Folder inbox = open(connect("bob"), "INBOX", Folder.READ_WRITE);
        inbox.getMessage(1).setFlag(Flags.Flag.SEEN, true);
        inbox.getMessage(2).setFlags(new Flags(Flags.Flag.FLAGGED), true);
        Flags custom = new Flags("$Label1");
        inbox.getMessage(3).setFlags(custom, true);
        inbox.getMessage(2).getContent(); // reading the body sets \Seen
        inbox.close(false);

        Folder again = open(connect("bob"), "INBOX", Folder.READ_ONLY);
        Message[] m = again.getMessages();
        assertTrue(m[0].isSet(Flags.Flag.SEEN));
        assertTrue(m[1].isSet(Flags.Flag.FLAGGED) && m[1].isSet(Flags.Flag.SEEN));
        assertTrue(m[2].getFlags().contains("$Label1") && !m[2].isSet(Flags.Flag.SEEN));
        assertEquals(1, again.getUnreadMessageCount());
    }

    @Test
    void appendCopyMoveAndExpunge() throws Exception {
        deliverMany("bob", 4);
        IMAPStore store = connect("bob");
        IMAPFolder drafts = (IMAPFolder) store.getFolder("Drafts");
        MimeMessage draft = compose("draft ✓", "unfinished");
        draft.setFlag(Flags.Flag.DRAFT, true);
        AppendUID[] appended = drafts.appendUIDMessages(new Message[] {draft});
        assertEquals(1, appended[0].uid);
        drafts.open(Folder.READ_ONLY);
        assertEquals(appended[0].uidvalidity, drafts.getUIDValidity());
        Message stored = drafts.getMessageByUID(1);
        assertEquals("draft ✓", stored.getSubject());
        assertTrue(stored.isSet(Flags.Flag.DRAFT));
        drafts.close(false);

        IMAPFolder inbox = open(store, "INBOX", Folder.READ_WRITE);
        IMAPFolder trash = (IMAPFolder) store.getFolder("Trash");
        AppendUID[] copied = inbox.copyUIDMessages(new Message[] {inbox.getMessage(1), inbox.getMessage(2)}, trash);
        assertEquals(1, copied[0].uid);
        assertEquals(2, copied[1].uid);
        assertEquals(2, trash.getMessageCount());

        IMAPFolder archive = (IMAPFolder) store.getFolder("Archive");
        Message moved = inbox.getMessage(3);
        inbox.moveMessages(new Message[] {moved}, archive);
        // Jakarta Mail marks a message gone by EXPUNGE and drops it from the folder at the next expunge()
        assertTrue(moved.isExpunged(), "the MOVE's untagged EXPUNGE was seen");
        assertEquals(1, archive.getMessageCount());

        inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
        Message[] expunged = inbox.expunge();
        assertEquals(2, expunged.length); // the deleted one and the moved one
        assertEquals(2, inbox.getMessageCount());
        assertEquals("m2", inbox.getMessage(1).getSubject());
        assertEquals("m4", inbox.getMessage(2).getSubject());
        inbox.close(true);
        archive.open(Folder.READ_ONLY);
        assertEquals("m3", archive.getMessage(1).getSubject());
    }

    @Test
    void searchTerms() throws Exception {
        deliver("bob", ImapFetchTest.PLAIN);
        deliver("bob", ImapFetchTest.MULTIPART);
        deliver("bob", ImapSearchTest.GREETINGS);
        IMAPFolder inbox = open(connect("bob"), "INBOX", Folder.READ_WRITE);
        inbox.getMessage(2).setFlag(Flags.Flag.SEEN, true);
        assertEquals(Set.of(1), numbers(inbox.search(new SubjectTerm("HELLO"))));
        assertEquals(Set.of(1), numbers(inbox.search(new FromStringTerm("liddell"))));
        assertEquals(Set.of(2), numbers(inbox.search(new BodyTerm("plain part"))));
        assertEquals(Set.of(1, 3), numbers(inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))));
        assertEquals(Set.of(1, 2), numbers(inbox.search(new OrTerm(new SubjectTerm("hello"), new SubjectTerm("multipart")))));
        assertEquals(Set.of(2), numbers(inbox.search(new AndTerm(new SubjectTerm("multipart"),
                new FlagTerm(new Flags(Flags.Flag.SEEN), true)))));
        assertEquals(Set.of(1, 2, 3), numbers(inbox.search(new ReceivedDateTerm(ComparisonTerm.GE,
                new Date(System.currentTimeMillis() - 86_400_000L)))));
        assertEquals(Set.of(3), numbers(inbox.search(new SubjectTerm("grüße"))));
        assertEquals(Set.of(3), numbers(inbox.search(new BodyTerm("schön"))));
    }

    private static Set<Integer> numbers(Message[] messages) {
        Set<Integer> out = new TreeSet<>();
        for (Message m : messages) {
            out.add(m.getMessageNumber());
        }
        return out;
    }

    @Test
    void idleHearsOfADelivery() throws Exception {
        IMAPFolder inbox = open(connect("bob"), "INBOX", Folder.READ_WRITE);
        CountDownLatch added = new CountDownLatch(1);
        AtomicReference<String> subject = new AtomicReference<>();
        inbox.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                try {
                    subject.set(e.getMessages()[0].getSubject());
                } catch (Exception ex) {
                    subject.set(ex.toString());
                }
                added.countDown();
            }
        });
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread idler = new Thread(() -> {
            try {
                inbox.idle(true);
            } catch (Exception e) {
                failed.set(e);
            }
        }, "idle");
        idler.start();
        Thread.sleep(200); // let IDLE start; a delivery before it would be pushed when it starts anyway
        deliver("bob", message("while idling", "ping"));
        assertTrue(added.await(3, TimeUnit.SECONDS), "EXISTS pushed during IDLE");
        idler.join(3000);
        assertFalse(idler.isAlive());
        assertEquals(null, failed.get());
        assertEquals("while idling", subject.get());
        assertEquals(1, inbox.getMessageCount());
    }

    @Test
    void uidFolderMethods() throws Exception {
        deliverMany("bob", 3);
        IMAPStore store = connect("bob");
        IMAPFolder inbox = open(store, "INBOX", Folder.READ_WRITE);
        long validity = inbox.getUIDValidity();
        assertTrue(validity > 0);
        assertEquals(4, inbox.getUIDNext());
        assertEquals("m2", inbox.getMessageByUID(2).getSubject());
        assertEquals(3, inbox.getUID(inbox.getMessage(3)));
        inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
        inbox.expunge();
        Message[] all = inbox.getMessagesByUID(1, UIDFolder.LASTUID);
        assertEquals(2, all.length);
        assertEquals(2, inbox.getUID(all[0]));
        assertEquals(null, inbox.getMessageByUID(1));
        inbox.close(false);
        IMAPFolder again = open(connect("bob"), "INBOX", Folder.READ_ONLY);
        assertEquals(validity, again.getUIDValidity());
        assertEquals(3, again.getUID(again.getMessage(2)));
    }

    @Test
    void foldersCreateListRenameDelete() throws Exception {
        IMAPStore store = connect("bob");
        assertEquals('/', store.getDefaultFolder().getSeparator());
        Set<String> names = new TreeSet<>();
        for (Folder f : store.getDefaultFolder().list("*")) {
            names.add(f.getFullName());
        }
        assertEquals(Set.of("INBOX", "Archive", "Drafts", "Junk", "Sent", "Trash"), names);

        Folder entwuerfe = store.getFolder("Entwürfe/v1.2");
        assertTrue(entwuerfe.create(Folder.HOLDS_MESSAGES));
        assertTrue(store.getFolder("Entwürfe").exists());
        Folder[] under = store.getFolder("Entwürfe").list();
        assertEquals(1, under.length);
        assertEquals("Entwürfe/v1.2", under[0].getFullName());
        assertTrue(server.maildir("bob").resolve(".Entw&APw-rfe.v1&AC4-2").toFile().isDirectory());

        entwuerfe.appendMessages(new Message[] {compose("in a folder", "x")});
        Folder renamed = store.getFolder("Projekte/v1.2");
        assertTrue(entwuerfe.renameTo(renamed));
        assertTrue(renamed.exists());
        assertFalse(store.getFolder("Entwürfe/v1.2").exists());
        renamed.open(Folder.READ_ONLY);
        assertEquals("in a folder", renamed.getMessage(1).getSubject());
        renamed.close(false);
        assertTrue(renamed.delete(false));
        assertFalse(renamed.exists());
        assertFalse(store.getFolder("INBOX").delete(false));
        assertThrows(Exception.class, () -> store.getFolder("does-not-exist").open(Folder.READ_ONLY));
    }

    @Test
    void implicitTlsAndStartTls() throws Exception {
        deliverMany("bob", 1);
        IMAPStore imaps = connect("bob", "imaps", server.tlsPort(), new Properties());
        IMAPFolder overTls = open(imaps, "INBOX", Folder.READ_ONLY);
        assertEquals(1, overTls.getMessageCount());
        assertEquals(Boolean.TRUE, overTls.doCommand(protocol -> protocol.isSSL()));

        Properties starttls = new Properties();
        starttls.put("mail.imap.starttls.enable", "true");
        starttls.put("mail.imap.starttls.required", "true");
        IMAPStore upgraded = connect("bob", "imap", server.port(), starttls);
        IMAPFolder afterStartTls = open(upgraded, "INBOX", Folder.READ_ONLY);
        assertEquals(1, afterStartTls.getMessageCount());
        assertEquals(Boolean.TRUE, afterStartTls.doCommand(protocol -> protocol.isSSL()));
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        Properties p = new Properties();
        p.put("mail.imap.connectiontimeout", "10000");
        p.put("mail.imap.timeout", "10000");
        Store store = Session.getInstance(p).getStore("imap");
        assertThrows(AuthenticationFailedException.class,
                () -> store.connect("127.0.0.1", server.port(), "bob", "not-the-password"));
    }

    @Test
    void aDeliveryIsSeenByAnOpenFolder() throws Exception {
        IMAPFolder inbox = open(connect("bob"), "INBOX", Folder.READ_WRITE);
        assertEquals(0, inbox.getMessageCount());
        deliverMany("bob", 2);
        inbox.doCommand(protocol -> {
            protocol.noop(); // what a polling client does
            return null;
        });
        assertEquals(2, inbox.getMessageCount());
        assertEquals(Arrays.asList("m1", "m2"), Arrays.stream(inbox.getMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                return e.toString();
            }
        }).toList());
    }
}
