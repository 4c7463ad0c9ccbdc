package org.mailserver.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.User;
import org.mailserver.store.Flag;
import org.mailserver.store.Folder;
import org.mailserver.store.TestMessages;
import org.mailserver.store.maildir.MaildirStore;
import org.mailserver.store.maildir.StructureCache;

/** {@link Folder#structure} of the Maildir store parses a message once, then serves it from {@link StructureCache}. */
class StructureCacheTest {

    @TempDir
    Path dataDir;
    private final User alice = TestMessages.user("alice@example.test");

    @Test
    void aSecondCallDoesNotReopenTheFile() throws Exception {
        MaildirStore store = new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
        Folder inbox = store.open(alice).inbox();
        long uid = inbox.append(TestMessages.message("Subject: cached\n\nbody\n"), Set.of(), Set.of(), null);

        long missesBefore = StructureCache.shared().stats().missCount();
        long hitsBefore = StructureCache.shared().stats().hitCount();
        MessageStructure first = inbox.structure(uid);
        assertEquals("cached", first.envelope().subject());
        assertEquals(missesBefore + 1, StructureCache.shared().stats().missCount());

        inbox.setFlags(uid, Set.of(Flag.SEEN), Set.of()); // renames the file: same base name, same entry
        try (Stream<Path> files = Files.list(store.maildirOf(alice).resolve("cur"))) {
            for (Path file : files.toList()) {
                Files.delete(file); // behind the store's back: only a cache hit can still answer
            }
        }
        assertSame(first, inbox.structure(uid));
        assertEquals(hitsBefore + 1, StructureCache.shared().stats().hitCount());
        assertThrows(NoSuchFileException.class, () -> inbox.open(uid), "the file is really gone");
    }

    @Test
    void theDefaultParsesThroughOpen() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        MaildirStore store = new MaildirStore(dataDir.resolve("mail/%d/%n").toString(), "mx.example.test");
        Folder inbox = store.open(alice).inbox();
        long uid = inbox.append(TestMessages.message("Subject: plain\n\nbody\n"), Set.of(), Set.of(), null);
        Folder counting = (Folder) Proxy.newProxyInstance(Folder.class.getClassLoader(),
                new Class<?>[] {Folder.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("open")) {
                        opened.incrementAndGet();
                    }
                    return method.invoke(inbox, args);
                });
        assertEquals("plain", counting.structure(uid).envelope().subject());
        assertEquals("plain", counting.structure(uid).envelope().subject());
        assertEquals(2, opened.get(), "the interface's default has no cache");
    }

    @Test
    void theCacheIsBoundedByWeight() throws Exception {
        StructureCache cache = new StructureCache(10_000);
        MessageStructure s = MessageStructure.parse(new ByteArrayInputStream(
                TestMessages.crlf("Subject: x\n\nbody\n")));
        for (int i = 0; i < 1000; i++) {
            cache.get(dataDir, "m" + i, () -> s);
        }
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            cache.get(dataDir, "m" + i, () -> {
                loads.incrementAndGet();
                return s;
            });
        }
        assertTrue(loads.get() > 900, "most were evicted: " + loads.get());
    }
}
