package org.mailserver.pop3.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.core.directory.AuthResult;
import org.mailserver.core.directory.Directory;
import org.mailserver.core.directory.DirectoryUnavailableException;
import org.mailserver.core.directory.User;

/** An in-memory directory for unit tests: users by uid, clear passwords, and an outage switch. */
final class FakeDirectory implements Directory {
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    volatile boolean down;

    FakeDirectory add(String uid, String password, AccountStatus status) {
        users.put(uid, user(uid, status));
        passwords.put(uid, password);
        return this;
    }

    static User user(String uid, AccountStatus status) {
        return new User("uid=" + uid + ",ou=people,dc=example,dc=test", uid, uid + "@example.test", List.of(), status,
                Optional.empty(), 0, 0, List.of(), List.of(), Optional.empty());
    }

    @Override
    public Optional<User> findByAddress(String address) throws DirectoryUnavailableException {
        check();
        return users.values().stream().filter(u -> u.mail().equalsIgnoreCase(address)).findFirst();
    }

    @Override
    public Optional<User> findByLogin(String login) throws DirectoryUnavailableException {
        check();
        User u = users.get(login);
        return u != null ? Optional.of(u) : findByAddress(login);
    }

    @Override
    public AuthResult authenticate(String login, char[] password) throws DirectoryUnavailableException {
        Optional<User> u = findByLogin(login);
        if (u.isEmpty() || !passwords.get(u.get().uid()).equals(new String(password))) {
            return new AuthResult.BadCredentials();
        }
        return u.get().status().mayLogIn() ? new AuthResult.Success(u.get()) : new AuthResult.Refused(u.get());
    }

    private void check() throws DirectoryUnavailableException {
        if (down) {
            throw new DirectoryUnavailableException("directory down (test)", null);
        }
    }

    @Override
    public void close() {
    }
}
