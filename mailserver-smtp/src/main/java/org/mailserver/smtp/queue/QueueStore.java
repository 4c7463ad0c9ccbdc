package org.mailserver.smtp.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mailserver.core.delivery.MessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue directory: per message {@code <id>.msg} (the content: trace headers and message,
 * CRLF) and {@code <id>.env} (the envelope, see {@link EnvelopeCodec}), both written through
 * {@code tmp/} with fsync, rename and a directory fsync. The envelope is written last, so an
 * {@code .msg} without {@code .env} is an enqueue that never returned and is removed at load.
 *
 * <p>Threading: blocking file I/O; called from the queue's threads and from {@link QueueAdmin}.
 */
final class QueueStore {
    private static final Logger LOG = LoggerFactory.getLogger(QueueStore.class);
    static final String FLUSH = "flush";

    final Path dir;
    private final Path tmp;

    QueueStore(Path dir) {
        this.dir = dir;
        this.tmp = dir.resolve("tmp");
    }

    void create() throws IOException {
        Files.createDirectories(tmp);
    }

    Path content(String id) {
        return dir.resolve(id + ".msg");
    }

    Path envelope(String id) {
        return dir.resolve(id + ".env");
    }

    boolean exists(String id) {
        return Files.exists(envelope(id)) || Files.exists(content(id));
    }

    void writeContent(String id, byte[] prefix, InputStream body) throws IOException {
        Fsync.write(tmp.resolve(id + ".msg.tmp"), content(id), prefix, body);
    }

    void writeEnvelope(QueuedMessage m) throws IOException {
        Fsync.write(tmp.resolve(m.id + ".env." + Thread.currentThread().getId() + ".tmp"), envelope(m.id),
                EnvelopeCodec.encode(m), null);
    }

    QueuedMessage readEnvelope(String id) throws IOException {
        try (Reader r = Files.newBufferedReader(envelope(id), StandardCharsets.UTF_8)) {
            return EnvelopeCodec.decode(r);
        }
    }

    MessageSource source(String id) throws IOException {
        Path p = content(id);
        long size = Files.size(p);
        return new MessageSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(p);
            }
        };
    }

    /** Removes both files, envelope first (so a crash in between leaves an orphan content file, removed at load). */
    void delete(String id) throws IOException {
        Files.deleteIfExists(envelope(id));
        Files.deleteIfExists(content(id));
        Fsync.directory(dir);
    }

    /** Every readable envelope; cleans up temporary files and content without envelope. */
    List<QueuedMessage> loadAll() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp)) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        }
        List<QueuedMessage> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.endsWith(".msg") && !Files.exists(envelope(name.substring(0, name.length() - 4)))) {
                    LOG.warn("queue: removing {} (content without envelope: an enqueue that did not finish)", name);
                    Files.deleteIfExists(p);
                } else if (name.endsWith(".env")) {
                    String id = name.substring(0, name.length() - 4);
                    try {
                        if (!Files.exists(content(id))) {
                            // content goes first in and last out: this is what remains of a
                            // message the operator deleted while a delivery state was written
                            LOG.warn("queue: removing {} (envelope without content: a deleted message)", name);
                            Files.deleteIfExists(p);
                            continue;
                        }
                        out.add(readEnvelope(id));
                    } catch (IOException e) {
                        LOG.error("queue: cannot load {}: {}; left in place", name, e.getMessage());
                    }
                }
            }
        }
        return out;
    }

    Path flushFile() {
        return dir.resolve(FLUSH);
    }
}
