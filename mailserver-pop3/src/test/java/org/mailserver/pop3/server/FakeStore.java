package org.mailserver.pop3.server;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.directory.User;
import org.mailserver.store.Folder;
import org.mailserver.store.MailStore;
import org.mailserver.store.UserMailbox;

/** A store of {@link FakeFolder} INBOXes by uid, for unit tests. */
final class FakeStore implements MailStore {
    private final Map<String, FakeFolder> inboxes = new ConcurrentHashMap<>();

    FakeFolder inbox(String uid) {
        return inboxes.computeIfAbsent(uid, k -> new FakeFolder());
    }

    @Override
    public UserMailbox open(User user) {
        FakeFolder inbox = inbox(user.uid());
        return new UserMailbox() {
            @Override
            public Folder inbox() {
                return inbox;
            }

            @Override
            public Folder folder(String name) throws IOException {
                if ("INBOX".equals(name)) {
                    return inbox;
                }
                throw new java.nio.file.NoSuchFileException(name);
            }

            @Override
            public List<String> folders() {
                return List.of("INBOX");
            }

            @Override
            public void create(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void rename(String from, String to) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long usedBytes() {
                return 0;
            }

            @Override
            public long usedCount() {
                return inbox.size();
            }
        };
    }

    @Override
    public DeliveryResult.OverQuota checkQuota(User user, long size) {
        return null;
    }

    @Override
    public DeliveryResult deliver(User user, byte[] prefix, MessageSource message) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
