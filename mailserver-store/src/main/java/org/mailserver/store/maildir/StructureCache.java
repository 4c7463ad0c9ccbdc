package org.mailserver.store.maildir;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.io.IOException;
import java.nio.file.Path;
import org.mailserver.store.mime.MessageStructure;

/**
 * Parsed message structures, shared by every folder of the process and bounded by their estimated
 * heap size ({@link MessageStructure#estimatedBytes()}), least recently used first out.
 *
 * <p>Keyed by folder directory, Maildir base name and message size: a message file's content never
 * changes under its base name (flag changes rename only the {@code :2,} suffix), so an entry never
 * goes stale; entries of expunged messages age out. Thread-safe. A missing entry is loaded by the
 * calling thread outside the cache's locks (two threads may then load the same message once each,
 * which is cheaper than blocking others behind a 50 MB parse). Behind this cache, each folder keeps
 * its structures on disk ({@link StructureIndex}), which the folder's loader reads before parsing.
 */
public final class StructureCache {

    /** The default bound of the shared cache. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private static final StructureCache SHARED = new StructureCache(DEFAULT_MAX_BYTES);

    /** Parses a message when it is not cached. */
    @FunctionalInterface
    public interface Loader {
        MessageStructure load() throws IOException;
    }

    private record Key(Path folder, String baseName, long size) {
    }

    private final Cache<Key, MessageStructure> cache;

    public StructureCache(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key key, MessageStructure value) -> value.estimatedBytes() + 64 + key.baseName().length())
                .executor(Runnable::run) // evictions on the calling thread: cheap, and no common-pool tasks
                .recordStats()
                .build();
    }

    /** The cache all Maildir folders of this process use. */
    public static StructureCache shared() {
        return SHARED;
    }

    /** The cached structure of a message, or the loader's (then cached). */
    public MessageStructure get(Path folder, String baseName, Loader loader) throws IOException {
        return get(folder, baseName, -1, loader);
    }

    /**
     * The cached structure of a message of this size (a different size is another message: never
     * served this one's structure), or the loader's (then cached).
     */
    public MessageStructure get(Path folder, String baseName, long size, Loader loader) throws IOException {
        Key key = new Key(folder, baseName, size);
        MessageStructure cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        MessageStructure parsed = loader.load();
        cache.put(key, parsed);
        return parsed;
    }

    /** Forgets every entry (tests use it to read structures as a restarted process would). */
    void invalidateAll() {
        cache.invalidateAll();
    }

    /** Hits, misses and evictions so far, for metrics and tests. */
    public CacheStats stats() {
        return cache.stats();
    }
}
