package org.mailserver.pop3.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailserver.core.directory.Directories;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.DirectoryConfig;
import org.mailserver.core.exec.BlockingExecutor;
import org.mailserver.core.testing.TestLdif;
import org.mailserver.core.tls.TlsContexts;
import org.mailserver.store.maildir.MaildirStore;

/**
 * The real thing: the Maildir store, the embedded LDAP directory with the acceptance kit's users,
 * a self-signed certificate, and Jakarta Mail's POP3 client on a real socket.
 */
class Pop3MaildirTest {
    @TempDir
    Path tmp;
    private Directory directory;
    private MaildirStore store;
    private SslContext tls;
    private Pop3TestServer server;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path ldif = tmp.resolve("users.ldif");
        TestLdif.write(ldif);
        directory = Directories.open(DirectoryConfig.embedded(ldif));
        store = new MaildirStore(tmp.resolve("mail").toAbsolutePath() + "/%d/%n", "test.example");
        tls = TlsContexts.server(Optional.empty(), Optional.empty(), tmp, "pop.example.test");
        server = new Pop3TestServer(directory, store, tls, false, Duration.ofMinutes(10), new BlockingExecutor(4, 100));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        server.close();
        store.close();
        directory.close();
    }

    private Path maildir(String user) {
        return tmp.resolve("mail/example.test/" + user);
    }

    /** Puts a message into new/ as another delivery agent would (tmp/, then rename). */
    private byte[] drop(String user, String subject) throws Exception {
        Path root = maildir(user);
        for (String d : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(root.resolve(d));
        }
        byte[] data = ("From: sender@remote.test\r\nTo: " + user + "@example.test\r\nSubject: " + subject
                + "\r\n\r\nHello " + subject + ".\r\n.leading dot\r\n").getBytes(StandardCharsets.UTF_8);
        String name = System.currentTimeMillis() / 1000 + ".M" + System.nanoTime() % 1_000_000 + "P1.test";
        Files.write(root.resolve("tmp/" + name), data);
        Files.move(root.resolve("tmp/" + name), root.resolve("new/" + name));
        return data;
    }

    private long files(String user) throws Exception {
        long n = 0;
        for (String d : new String[] {"new", "cur"}) {
            try (Stream<Path> s = Files.list(maildir(user).resolve(d))) {
                n += s.count();
            }
        }
        return n;
    }

    private Store connect(String user, Properties extra) throws Exception {
        return connect(user, TestLdif.PASSWORDS.get(user), extra);
    }

    private Store connect(String login, String password, Properties extra) throws Exception {
        Properties p = new Properties();
        p.put("mail.pop3.connectiontimeout", "10000");
        p.put("mail.pop3.timeout", "10000");
        p.put("mail.pop3.ssl.checkserveridentity", "false");
        p.put("mail.pop3s.ssl.checkserveridentity", "false");
        p.putAll(extra);
        Store store = Session.getInstance(p).getStore(p.getProperty("protocol", "pop3"));
        store.connect("127.0.0.1", Integer.parseInt(p.getProperty("port", String.valueOf(server.port()))), login,
                password);
        cleanup.add(0, () -> {
            if (store.isConnected()) {
                store.close();
            }
        });
        return store;
    }

    private Folder inbox(String user) throws Exception {
        Folder f = connect(user, new Properties()).getFolder("INBOX");
        f.open(Folder.READ_WRITE);
        return f;
    }

    @Test
    void retrievesWhatIsInTheMaildirByteForByte() throws Exception {
        byte[] one = drop("bob", "one");
        byte[] two = drop("bob", "two");
        Folder f = inbox("bob");
        assertEquals(2, f.getMessageCount());
        int[] sizes = ((POP3Folder) f).getSizes(); // LIST
        List<byte[]> got = new ArrayList<>();
        for (Message m : f.getMessages()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            got.add(out.toByteArray());
            assertEquals(sizes[m.getMessageNumber() - 1], out.size(), "LIST size is the stored size");
        }
        got.sort((a, b) -> new String(a, StandardCharsets.UTF_8).compareTo(new String(b, StandardCharsets.UTF_8)));
        assertArrayEquals(one, got.get(0));
        assertArrayEquals(two, got.get(1));
        f.close(false);
    }

    @Test
    void uidlIsStableAcrossSessions() throws Exception {
        drop("bob", "one");
        drop("bob", "two");
        POP3Folder f = (POP3Folder) inbox("bob");
        String[] first = {f.getUID(f.getMessage(1)), f.getUID(f.getMessage(2))};
        f.close(false);
        f.getStore().close();
        drop("bob", "three");
        POP3Folder g = (POP3Folder) inbox("bob");
        assertEquals(3, g.getMessageCount());
        assertEquals(first[0], g.getUID(g.getMessage(1)));
        assertEquals(first[1], g.getUID(g.getMessage(2)));
        assertNotEquals(first[0], first[1]);
        assertTrue(first[0].matches("[0-9a-f]{16}"), first[0]);
    }

    @Test
    void deletionsAreCommittedAtQuitOnly() throws Exception {
        drop("erin", "one");
        drop("erin", "two");
        Folder f = inbox("erin");
        f.getMessage(1).setFlag(Flags.Flag.DELETED, true);
        assertEquals(2, files("erin"), "nothing is removed before QUIT");
        f.close(true); // DELE, then QUIT
        f.getStore().close();
        assertEquals(1, files("erin"));
        assertEquals(1, inbox("erin").getMessageCount());
    }

    @Test
    void droppedConnectionDeletesNothing() throws Exception {
        drop("bob", "one");
        try (LineClient c = new LineClient(server.port())) {
            c.line();
            c.cmd("USER bob");
            assertTrue(c.cmd("PASS " + TestLdif.PASSWORDS.get("bob")).startsWith("+OK"));
            assertEquals("+OK message 1 deleted", c.cmd("DELE 1"));
        }
        for (int i = 0; i < 100 && server.protocol.locks().isLocked("uid=bob,ou=people,dc=example,dc=test"); i++) {
            Thread.sleep(20);
        }
        assertEquals(1, files("bob"));
        assertEquals(1, inbox("bob").getMessageCount());
    }

    @Test
    void secondSessionIsInUse() throws Exception {
        drop("alice", "one");
        inbox("alice");
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> connect("alice", new Properties()));
        assertTrue(String.valueOf(e.getMessage()).contains("[IN-USE]"), e.getMessage());
    }

    @Test
    void wrongPasswordIsAnAuthError() throws Exception {
        Store s = Session.getInstance(new Properties()).getStore("pop3");
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> s.connect("127.0.0.1", server.port(), "alice", "wrong"));
        assertTrue(String.valueOf(e.getMessage()).contains("[AUTH]"), e.getMessage());
        assertThrows(AuthenticationFailedException.class,
                () -> s.connect("127.0.0.1", server.port(), "dave", TestLdif.PASSWORDS.get("dave")), "disabled account");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN"})
    void saslMechanismsAndAddressLogin(String mechanism) throws Exception {
        drop("alice", "one");
        Properties p = new Properties();
        p.put("mail.pop3.auth.mechanisms", mechanism);
        Store s = connect("alice@example.test", TestLdif.PASSWORDS.get("alice"), p);
        Folder f = s.getFolder("INBOX");
        f.open(Folder.READ_ONLY);
        assertEquals(1, f.getMessageCount());
    }

    @Test
    void stlsWithASelfSignedCertificate() throws Exception {
        drop("alice", "one");
        Properties p = new Properties();
        p.put("mail.pop3.starttls.enable", "true");
        p.put("mail.pop3.starttls.required", "true");
        p.put("mail.pop3.ssl.trust", "*");
        Folder f = connect("alice", p).getFolder("INBOX");
        f.open(Folder.READ_ONLY);
        assertEquals(1, f.getMessageCount());
        try (LineClient c = new LineClient(server.port())) {
            c.line();
            c.cmd("QUIT");
        }
    }

    @Test
    void implicitTlsOnPop3s() throws Exception {
        drop("alice", "one");
        try (Pop3TestServer pop3s = new Pop3TestServer(directory, store, tls, true, Duration.ofMinutes(10),
                new BlockingExecutor(2, 10))) {
            Properties p = new Properties();
            p.put("protocol", "pop3s");
            p.put("port", String.valueOf(pop3s.port()));
            p.put("mail.pop3s.ssl.trust", "*");
            Store s = connect("alice", p);
            Folder f = s.getFolder("INBOX");
            f.open(Folder.READ_ONLY);
            assertEquals(1, f.getMessageCount());
            s.close();
        }
    }
}
