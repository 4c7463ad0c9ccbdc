package org.mailserver.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Slows down and then locks out failed logins, shared by every protocol (SMTP AUTH, IMAP, POP3).
 *
 * <p>Call order, per login attempt: {@link #locked} before the directory is asked; when it returns a
 * lock, the attempt is refused at once and the directory never sees the password (so a guess made
 * while locked can confirm nothing). Otherwise the directory decides: wrong credentials go to
 * {@link #failure}, whose delay the protocol applies with the event loop's scheduler (never by
 * sleeping) and whose new locks it logs ({@link LoginLog}); a success goes to {@link #success}.
 *
 * <ul>
 *   <li>Per address: each failure adds {@code delay} to the answer, up to {@code delayMax}; failures
 *       are forgotten after {@code window} without one. {@code addressFailures} of them lock the
 *       address for {@code lockoutTime} (never for an {@link LoginLimits#exempt} address).</li>
 *   <li>Per login name (case-folded, whether or not such a user exists, so the answers say nothing
 *       about that): {@code userFailures} failures from any addresses lock the name for
 *       {@code lockoutTime}, but only against addresses that have failed themselves within the
 *       window: a user typing the right password from a clean address still gets in, so an attacker
 *       cannot lock a user out everywhere.</li>
 *   <li>A lock starts the count again; attempts refused by a lock neither count nor extend it.</li>
 * </ul>
 *
 * <p>Memory is bounded: each table holds at most {@value #MAX_ENTRIES} entries (Caffeine evicts the
 * least useful) and login names are cut to {@value #MAX_LOGIN} characters. Thread-safe.
 */
public final class LoginThrottle {
    static final int MAX_ENTRIES = 100_000;
    static final int MAX_LOGIN = 256;

    /** What a lock covers. */
    public enum Scope {
        ADDRESS, USER;

        /** {@code address} or {@code user}, as logged and as the metrics label. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A lock in force: what it covers and how long it still lasts. */
    public record Lock(Scope scope, Duration remaining) {
    }

    /**
     * What a failed login did.
     *
     * @param delay how long to wait before answering it
     * @param addressFailures failures now counted for the address (before a lock started by this one)
     * @param userFailures failures now counted for the login name (likewise)
     * @param locked the locks this failure started (none, address, user or both)
     */
    public record Failure(Duration delay, int addressFailures, int userFailures, List<Scope> locked) {
    }

    private final LoginLimits limits;
    private final Ticker ticker;
    private final Cache<InetAddress, Integer> addressFailures;
    private final Cache<String, Integer> userFailures;
    private final Cache<InetAddress, Long> addressLocks; // value: the ticker's time when the lock ends
    private final Cache<String, Long> userLocks;

    public LoginThrottle(LoginLimits limits) {
        this(limits, Ticker.systemTicker());
    }

    /** Delays only, no lockout. */
    public LoginThrottle(Duration step, Duration maxDelay, Duration window) {
        this(LoginLimits.delayOnly(step, maxDelay, window));
    }

    LoginThrottle(LoginLimits limits, Ticker ticker) {
        this.limits = limits;
        this.ticker = ticker;
        this.addressFailures = table(limits.window());
        this.userFailures = table(limits.window());
        this.addressLocks = table(limits.lockoutTime());
        this.userLocks = table(limits.lockoutTime());
    }

    private <K, V> Cache<K, V> table(Duration expiry) {
        return Caffeine.newBuilder().ticker(ticker).expireAfterWrite(expiry).maximumSize(MAX_ENTRIES).build();
    }

    /** The settings this throttle applies. */
    public LoginLimits limits() {
        return limits;
    }

    /**
     * Before the credentials are checked: the lock that refuses this attempt, or null when it may go on.
     * An address lock comes first; a lock of the login name applies only to an address that has failed
     * within the window itself.
     */
    public Lock locked(InetAddress client, String login) {
        Long until = addressLocks.getIfPresent(client);
        if (until != null) {
            return lock(Scope.ADDRESS, until);
        }
        until = userLocks.getIfPresent(key(login));
        if (until != null && addressFailures.getIfPresent(client) != null) {
            return lock(Scope.USER, until);
        }
        return null;
    }

    private Lock lock(Scope scope, long until) {
        return new Lock(scope, Duration.ofNanos(Math.max(0, until - ticker.read())));
    }

    /** Records wrong credentials for {@code login} from {@code client}. */
    public Failure failure(InetAddress client, String login) {
        String user = key(login);
        int a = addressFailures.asMap().merge(client, 1, Integer::sum); // a write: refreshes the window
        int u = userFailures.asMap().merge(user, 1, Integer::sum);
        List<Scope> locked = new ArrayList<>(2);
        long until = ticker.read() + limits.lockoutTime().toNanos();
        if (limits.addressFailures() > 0 && a >= limits.addressFailures() && !limits.exempt(client)) {
            // the lock consumes the failures: once it ends, the address starts from a clean count
            addressFailures.invalidate(client);
            if (addressLocks.asMap().putIfAbsent(client, until) == null) {
                locked.add(Scope.ADDRESS);
            }
        }
        if (limits.userFailures() > 0 && u >= limits.userFailures()) {
            userFailures.invalidate(user);
            if (userLocks.asMap().putIfAbsent(user, until) == null) {
                locked.add(Scope.USER);
            }
        }
        Duration d = limits.delay().multipliedBy(a);
        return new Failure(d.compareTo(limits.delayMax()) > 0 ? limits.delayMax() : d, a, u, List.copyOf(locked));
    }

    /** How many failures are remembered for this address. */
    public int failures(InetAddress client) {
        Integer n = addressFailures.getIfPresent(client);
        return n == null ? 0 : n;
    }

    /**
     * A successful login clears nothing: a guesser who hits one account keeps the delay, and a lock of
     * a login name stays for the addresses that failed it.
     */
    public void success(InetAddress client) {
        // deliberately nothing; see docs/decisions/0006-login-lockout.md
    }

    /** The table key of a login name: case-folded and bounded. */
    static String key(String login) {
        String k = login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
        return k.length() > MAX_LOGIN ? k.substring(0, MAX_LOGIN) : k;
    }
}
