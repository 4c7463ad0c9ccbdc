package org.mailserver.smtp.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mailserver.core.delivery.DeliveryResult;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.MessageSource;
import org.mailserver.core.delivery.OutboundQueue;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.directory.AuthResult;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.DirectoryUnavailableException;
import org.mailserver.core.directory.User;

/** A directory and a mailbox store in memory, for session tests of the engine alone. */
final class Fakes {
    private Fakes() {
    }

    static User user(String uid, String mail, AccountStatus status, long quota, String... alternates) {
        return new User("uid=" + uid + ",ou=people,dc=example,dc=test", uid, mail, List.of(alternates), status,
                Optional.empty(), quota, 0, List.of(), List.of(), Optional.empty());
    }

    /** A user with qmail-ldap delivery attributes (forwards, deliveryMode, mailReplyText). */
    static User user(String uid, String mail, List<String> forwards, List<String> modes, String replyText) {
        return new User("uid=" + uid + ",ou=people,dc=example,dc=test", uid, mail, List.of(), AccountStatus.ACTIVE,
                Optional.empty(), 0, 0, forwards, modes, Optional.ofNullable(replyText));
    }

    /** Records every enqueue with its bytes (prefix + message); fails while {@code broken}. */
    static final class FakeQueue implements OutboundQueue {
        record Entry(QueueEnvelope envelope, byte[] bytes) {
            String text() {
                return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        final List<Entry> entries = new CopyOnWriteArrayList<>();
        volatile boolean broken;
        /** Fails only the entries this accepts (e.g. the second of one message). */
        volatile java.util.function.Predicate<QueueEnvelope> brokenFor = e -> false;

        @Override
        public String enqueue(QueueEnvelope envelope, byte[] prefix, MessageSource message) throws IOException {
            if (broken || brokenFor.test(envelope)) {
                throw new IOException("queue disk broken");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(prefix);
            try (InputStream in = message.open()) {
                in.transferTo(out);
            }
            entries.add(new Entry(envelope, out.toByteArray()));
            return envelope.queueId();
        }
    }

    static final class FakeDirectory implements Directory {
        final Map<String, User> byAddress = new ConcurrentHashMap<>();
        final Map<String, String> passwords = new ConcurrentHashMap<>();
        volatile boolean down;

        FakeDirectory add(User u) {
            byAddress.put(u.mail().toLowerCase(Locale.ROOT), u);
            u.alternates().forEach(a -> byAddress.put(a.toLowerCase(Locale.ROOT), u));
            return this;
        }

        @Override
        public Optional<User> findByAddress(String address) throws DirectoryUnavailableException {
            if (down) {
                throw new DirectoryUnavailableException("ldap down", null);
            }
            return Optional.ofNullable(byAddress.get(address.toLowerCase(Locale.ROOT)));
        }

        @Override
        public Optional<User> findByLogin(String login) throws DirectoryUnavailableException {
            return findByAddress(login);
        }

        @Override
        public AuthResult authenticate(String login, char[] password) throws DirectoryUnavailableException {
            if (down) {
                throw new DirectoryUnavailableException("ldap down", null);
            }
            User u = byLogin(login);
            String p = u == null ? null : passwords.get(u.uid());
            if (p == null || !p.equals(new String(password))) {
                return new AuthResult.BadCredentials();
            }
            return u.status().mayLogIn() ? new AuthResult.Success(u) : new AuthResult.Refused(u);
        }

        /** Gives {@code uid} a password; its login is the uid or any of its addresses. */
        FakeDirectory password(String uid, String password) {
            passwords.put(uid, password);
            return this;
        }

        private User byLogin(String login) {
            User u = byAddress.get(login.toLowerCase(Locale.ROOT));
            if (u != null) {
                return u;
            }
            return byAddress.values().stream().filter(x -> x.uid().equals(login)).findFirst().orElse(null);
        }

        @Override
        public void close() {
        }
    }

    /** Keeps each copy (prefix + message) per uid; quota counts octets stored. */
    static final class FakeDelivery implements LocalDelivery {
        final Map<String, List<byte[]>> copies = new ConcurrentHashMap<>();
        final Map<String, Long> used = new ConcurrentHashMap<>();
        volatile boolean diskBroken;

        @Override
        public DeliveryResult.OverQuota checkQuota(User user, long size) {
            long u = used.getOrDefault(user.uid(), 0L);
            if (user.quotaSize() > 0 && u + size > user.quotaSize()) {
                return new DeliveryResult.OverQuota(size > user.quotaSize(), "used " + u);
            }
            return null;
        }

        @Override
        public DeliveryResult deliver(User user, byte[] prefix, MessageSource message) {
            if (diskBroken) {
                return new DeliveryResult.TemporaryFailure(false, "disk broken");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(prefix);
            try (InputStream in = message.open()) {
                in.transferTo(out);
            } catch (IOException e) {
                return new DeliveryResult.TemporaryFailure(false, e.toString());
            }
            DeliveryResult.OverQuota over = checkQuota(user, out.size());
            if (over != null) {
                return new DeliveryResult.OverQuota(false, over.detail());
            }
            used.merge(user.uid(), (long) out.size(), Long::sum);
            copies.computeIfAbsent(user.uid(), k -> new CopyOnWriteArrayList<>()).add(out.toByteArray());
            return new DeliveryResult.Delivered("copy-" + out.size());
        }

        List<byte[]> of(String uid) {
            return copies.getOrDefault(uid, List.of());
        }
    }
}
