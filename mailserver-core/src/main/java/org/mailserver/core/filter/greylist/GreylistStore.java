package org.mailserver.core.filter.greylist;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The triplets seen, in memory (Caffeine, bounded by {@link GreylistConfig#maxEntries}, each entry
 * expiring on its own deadline) and in a snapshot file, one tab-separated line per triplet:
 * {@code network sender recipient firstSeenMillis lastSeenMillis G|P} (G still greylisted, P passed).
 * The snapshot is written to a temporary file and renamed over the old one, so a crash leaves
 * either the old or the new file, never a torn one; at most the updates since the last snapshot
 * are lost, which costs those senders one more retry.
 *
 * <p>Threading: {@link #decide} is thread-safe and atomic per triplet; {@link #save} may run
 * concurrently with it (it writes a weakly consistent view). Neither runs on an event loop.
 */
final class GreylistStore {
    private static final Logger LOG = LoggerFactory.getLogger(GreylistStore.class);
    private static final String HEADER = "# mailserver greylist v1";

    /** One triplet's history. */
    record Entry(long firstSeen, long lastSeen, boolean passed) {
    }

    enum Decision { FIRST, TOO_EARLY, PASSED, KNOWN }

    private final GreylistConfig config;
    private final Clock clock;
    private final Cache<Triplet, Entry> entries;
    private final AtomicBoolean dirty = new AtomicBoolean();

    GreylistStore(GreylistConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.entries = Caffeine.newBuilder().maximumSize(config.maxEntries())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(new EntryExpiry()).build();
    }

    /** The moment after which an entry is forgotten. */
    private long deadline(Entry e) {
        return e.passed() ? e.lastSeen() + config.expire().toMillis() : e.firstSeen() + config.retryWindow().toMillis();
    }

    /** Records an attempt of this triplet now and says what it means. */
    Decision decide(Triplet t) {
        long now = clock.millis();
        Decision[] out = new Decision[1];
        entries.asMap().compute(t, (k, e) -> {
            if (e == null || deadline(e) <= now) {
                out[0] = Decision.FIRST;
                return new Entry(now, now, false);
            }
            if (e.passed()) {
                out[0] = Decision.KNOWN;
                return new Entry(e.firstSeen(), now, true);
            }
            if (now - e.firstSeen() < config.delay().toMillis()) {
                out[0] = Decision.TOO_EARLY;
                return e;
            }
            out[0] = Decision.PASSED;
            return new Entry(e.firstSeen(), now, true);
        });
        if (out[0] != Decision.TOO_EARLY) {
            dirty.set(true);
        }
        return out[0];
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Reads the snapshot, skipping expired and malformed lines. A missing file is an empty state. */
    void load() throws IOException {
        long now = clock.millis();
        int skipped = 0;
        try (BufferedReader r = Files.newBufferedReader(config.stateFile(), StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                try {
                    Entry e = new Entry(Long.parseLong(f[3]), Long.parseLong(f[4]), f[5].equals("P"));
                    if (f.length == 6 && deadline(e) > now) {
                        entries.put(new Triplet(f[0], f[1], f[2]), e);
                    }
                } catch (RuntimeException ex) {
                    skipped++;
                }
            }
        } catch (NoSuchFileException e) {
            return;
        }
        if (skipped > 0) {
            LOG.warn("greylist: skipped {} malformed lines of {}", skipped, config.stateFile());
        }
    }

    /** Writes the snapshot if anything changed since the last one: temp file, then rename. */
    void save() throws IOException {
        if (!dirty.getAndSet(false)) {
            return;
        }
        Path file = config.stateFile();
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long now = clock.millis();
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                w.newLine();
                for (Map.Entry<Triplet, Entry> me : entries.asMap().entrySet()) {
                    Triplet t = me.getKey();
                    Entry e = me.getValue();
                    if (deadline(e) <= now) {
                        continue;
                    }
                    w.write(t.network() + "\t" + t.sender() + "\t" + t.recipient() + "\t" + e.firstSeen() + "\t"
                            + e.lastSeen() + "\t" + (e.passed() ? "P" : "G"));
                    w.newLine();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            dirty.set(true);
            throw e;
        }
    }

    private final class EntryExpiry implements Expiry<Triplet, Entry> {
        @Override
        public long expireAfterCreate(Triplet key, Entry value, long currentTime) {
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, deadline(value) - clock.millis()));
        }

        @Override
        public long expireAfterUpdate(Triplet key, Entry value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(Triplet key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
