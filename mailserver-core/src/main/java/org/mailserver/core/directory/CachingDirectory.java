package org.mailserver.core.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers lookups and successful logins for short, configurable times (Caffeine).
 *
 * <ul>
 *   <li>Lookups: a found user for {@code cacheTtl}, "not found" for {@code negativeCacheTtl}, keyed by
 *       the lower-cased address or login (LDAP matched them case-insensitively anyway).
 *   <li>Logins: only {@link AuthResult.Success}, for {@code authCacheTtl}, keyed by an HMAC-SHA256 of
 *       login and password under a key drawn at random for this process: the clear password is never
 *       kept, and the key is useless outside the process. Failed and refused logins always go to the
 *       directory, so a corrected password or a re-enabled account works at once.
 *   <li>A {@link DirectoryUnavailableException} is never cached: the next call asks again.
 * </ul>
 *
 * <p>Consequences to know: a user disabled or a password changed in LDAP is seen after at most the
 * TTLs. Concurrent misses on one key may all ask the directory (no request coalescing, so no thread
 * waits on another's LDAP call). Thread-safe.
 */
public final class CachingDirectory implements Directory {
    private final Directory delegate;
    private final Duration ttl;
    private final Duration negativeTtl;
    private final Duration authTtl;
    private final Cache<String, Optional<User>> lookups;
    private final Cache<String, User> logins;
    private final SecretKeySpec hmacKey;

    /** Caches {@code delegate} with the TTLs and size of {@code config}. */
    public CachingDirectory(Directory delegate, DirectoryConfig config) {
        this(delegate, config.cacheTtl(), config.negativeCacheTtl(), config.authCacheTtl(), config.cacheSize(),
                Ticker.systemTicker());
    }

    /** For tests: explicit settings and clock. A zero TTL turns that cache off. */
    public CachingDirectory(Directory delegate, Duration ttl, Duration negativeTtl, Duration authTtl, long maxSize,
                            Ticker ticker) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.negativeTtl = negativeTtl;
        this.authTtl = authTtl;
        this.lookups = Caffeine.newBuilder().maximumSize(maxSize).ticker(ticker).recordStats()
                .expireAfter(Expiry.<String, Optional<User>>writing((key, value) ->
                        value.isPresent() ? this.ttl : this.negativeTtl))
                .build();
        this.logins = Caffeine.newBuilder().maximumSize(maxSize).ticker(ticker).expireAfterWrite(authTtl)
                .recordStats().build();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.hmacKey = new SecretKeySpec(key, "HmacSHA256");
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public Optional<User> findByAddress(String address) throws DirectoryUnavailableException {
        if (address == null) {
            return Optional.empty();
        }
        String key = "a:" + address.toLowerCase(Locale.ROOT);
        Optional<User> cached = lookups.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Optional<User> found = delegate.findByAddress(address);
        remember(key, found);
        return found;
    }

    @Override
    public Optional<User> findByLogin(String login) throws DirectoryUnavailableException {
        if (login == null) {
            return Optional.empty();
        }
        String key = "l:" + login.toLowerCase(Locale.ROOT);
        Optional<User> cached = lookups.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Optional<User> found = delegate.findByLogin(login);
        remember(key, found);
        return found;
    }

    @Override
    public AuthResult authenticate(String login, char[] password) throws DirectoryUnavailableException {
        if (login == null || password == null || authTtl.isZero()) {
            return delegate.authenticate(login, password);
        }
        String key = authKey(login, password);
        User cached = logins.getIfPresent(key);
        if (cached != null) {
            return new AuthResult.Success(cached);
        }
        AuthResult result = delegate.authenticate(login, password);
        if (result instanceof AuthResult.Success success) {
            logins.put(key, success.user());
        }
        return result;
    }

    private void remember(String key, Optional<User> found) {
        if (!(found.isPresent() ? ttl : negativeTtl).isZero()) {
            lookups.put(key, found);
        }
    }

    /** HMAC-SHA256(key, length(lower(login)) lower(login) password), hex. */
    private String authKey(String login, char[] password) {
        byte[] secret = Passwords.utf8(password);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            byte[] user = login.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            // Length-prefixed, so no (login, password) pair can collide with another one.
            mac.update(ByteBuffer.allocate(4).putInt(user.length).array());
            mac.update(user);
            mac.update(secret);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Hits and misses of the address and login lookups so far (a miss asks the directory). */
    public CacheStats lookupStats() {
        return lookups.stats();
    }

    /** Hits and misses of the login cache so far; logins with the cache off ({@code authTtl} 0) are in neither. */
    public CacheStats loginStats() {
        return logins.stats();
    }

    /** Forgets everything cached (e.g. after the directory's data changed). */
    public void invalidateAll() {
        lookups.invalidateAll();
        logins.invalidateAll();
    }

    @Override
    public void close() {
        invalidateAll();
        delegate.close();
    }
}
