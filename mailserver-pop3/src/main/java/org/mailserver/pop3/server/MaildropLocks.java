package org.mailserver.pop3.server;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One POP3 session per maildrop (RFC 1939 8: the server acquires an exclusive-access lock on the
 * maildrop after login). In-process: every POP3 listener of the process shares one registry through
 * its {@link Pop3Protocol}. Non-blocking and thread-safe; used on event loops.
 */
public final class MaildropLocks {
    private final ConcurrentMap<String, Lock> held = new ConcurrentHashMap<>();

    /** Takes the lock for a maildrop key (the user's DN), or returns empty when another session holds it. */
    public Optional<Lock> tryLock(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        Lock lock = new Lock(k);
        return held.putIfAbsent(k, lock) == null ? Optional.of(lock) : Optional.empty();
    }

    /** Whether a maildrop is locked now (for tests and diagnostics). */
    public boolean isLocked(String key) {
        return held.containsKey(key.toLowerCase(Locale.ROOT));
    }

    /** A held lock; {@link #close()} releases it and may be called more than once. */
    public final class Lock implements AutoCloseable {
        private final String key;

        private Lock(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            held.remove(key, this);
        }
    }
}
