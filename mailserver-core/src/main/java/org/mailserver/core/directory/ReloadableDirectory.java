package org.mailserver.core.directory;

import java.util.Optional;
import java.util.function.Consumer;
import org.mailserver.core.reload.Reloadable;

/**
 * The directory the protocols and the queue hold, whose backend the daemon may replace on reload
 * (another LDAP server, bind, filters, cache TTLs, a changed LDIF). Each call runs on the directory
 * current when it began; a replaced directory is closed (its connection pool, the embedded server)
 * once the last call on it has returned, never under one.
 *
 * <p>Threading and failures as {@link Directory}: every method blocks; the closer runs on the thread
 * that finishes the last call on the old directory, or the one calling {@link #swap}.
 */
public final class ReloadableDirectory implements Directory {
    private final Reloadable<Directory> holder;

    /** @param closer closes a replaced directory (e.g. {@code Directory::close}, or hands that to a thread) */
    public ReloadableDirectory(Directory initial, Consumer<Directory> closer) {
        this.holder = new Reloadable<>(initial, closer);
    }

    /** Calls from now on go to {@code next}; returns the old directory, closed after its last call. */
    public Directory swap(Directory next) {
        return holder.swap(next);
    }

    /** The directory calls go to now. */
    public Directory current() {
        return holder.get();
    }

    @Override
    public Optional<User> findByAddress(String address) throws DirectoryUnavailableException {
        try (Reloadable.Lease<Directory> d = lease()) {
            return d.value().findByAddress(address);
        }
    }

    @Override
    public Optional<User> findByLogin(String login) throws DirectoryUnavailableException {
        try (Reloadable.Lease<Directory> d = lease()) {
            return d.value().findByLogin(login);
        }
    }

    @Override
    public AuthResult authenticate(String login, char[] password) throws DirectoryUnavailableException {
        try (Reloadable.Lease<Directory> d = lease()) {
            return d.value().authenticate(login, password);
        }
    }

    private Reloadable.Lease<Directory> lease() throws DirectoryUnavailableException {
        try {
            return holder.acquire();
        } catch (IllegalStateException e) {
            throw new DirectoryUnavailableException("directory: closed, the server is stopping", e);
        }
    }

    /** Closes the current directory once calls in flight have returned. */
    @Override
    public void close() {
        holder.close();
    }
}
