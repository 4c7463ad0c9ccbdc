package org.mailserver.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mailserver.store.TestMessages.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.directory.User;
import org.mailserver.store.TestMessages;
import org.mailserver.store.UserMailbox;

/** Neither an address nor a folder name can make the store write outside the user's Maildir. */
class TraversalTest {

    @TempDir
    Path dataDir;

    private MaildirStore store() {
        return new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x@example.test", "a/b@example.test", "..@example.test", ".hidden@example.test",
        "x@..", "x@a/b", "x@", "@example.test", "nul\u0000@example.test", "tab\t@example.test", "x@exa\nmple.test"})
    void unsafeAddressesAreRefused(String mail) throws IOException {
        User user = TestMessages.user(mail.startsWith("@") ? "u" + mail : mail);
        if (mail.startsWith("@")) {
            user = new User(user.dn(), "u", mail, List.of(), user.status(), user.mailHost(), 0, 0, List.of(), List.of(),
                    user.replyText());
        }
        MaildirStore store = store();
        User target = user;
        assertThrows(IllegalArgumentException.class, () -> store.open(target));
        DeliveryResult result = store.deliver(target, new byte[0], message("x\n"));
        assertInstanceOf(DeliveryResult.TemporaryFailure.class, result);
        try (Stream<Path> files = Files.walk(dataDir)) {
            assertEquals(List.of(dataDir), files.toList(), "nothing was created");
        }
    }

    @Test
    void uidEscapeIsCheckedToo() {
        MaildirStore store = new MaildirStore(dataDir.resolve("mail/%u").toString(), "mx.example.test");
        User user = TestMessages.user("x@example.test");
        User evil = new User(user.dn(), "../../etc", user.mail(), List.of(), user.status(), user.mailHost(), 0, 0,
                List.of(), List.of(), user.replyText());
        assertThrows(IllegalArgumentException.class, () -> store.open(evil));
    }

    @Test
    void badTemplatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MaildirStore("relative/%d/%n", "h"));
        assertThrows(IllegalArgumentException.class, () -> new MaildirStore("/data/%x", "h"));
        assertThrows(IllegalArgumentException.class, () -> new MaildirStore("/data/mail", "h"));
        assertThrows(IllegalArgumentException.class, () -> new MaildirStore("/data/%d/%n", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "..", ".", "a..b", ".Sent", "Sent.", "a/../../b", "x\u0001", "x\ny", ""})
    void unsafeFolderNamesAreRefused(String name) throws Exception {
        UserMailbox mailbox = store().open(TestMessages.user("alice@example.test"));
        assertThrows(IllegalArgumentException.class, () -> mailbox.create(name));
        assertThrows(IllegalArgumentException.class, () -> mailbox.folder(name));
        assertThrows(IllegalArgumentException.class, () -> mailbox.delete(name));
        assertEquals(List.of("INBOX"), mailbox.folders());
        try (Stream<Path> entries = Files.list(dataDir.resolve("mail/example.test"))) {
            assertEquals(List.of(dataDir.resolve("mail/example.test/alice")), entries.toList());
        }
    }
}
