package org.mailserver.smtp.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * <p>While a delivery's result is being written, {@code <id>.sent} may exist too: one line per
 * recipient a server just accepted ({@link #appendSent}), appended without fsync before the
 * envelope is rewritten and removed after. A process killed in between loses nothing the kernel
 * had, so the next start applies those lines instead of sending those recipients again (a power
 * loss may still lose them: then they are sent twice, never lost).
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

    Path sent(String id) {
        return dir.resolve(id + ".sent");
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

    /**
     * Appends {@code <index> <status> <action> <remote MTA> <reply>} lines for recipients just
     * accepted to {@code <id>.sent}: one write(2), no fsync, so it takes microseconds where the
     * envelope's fsync'd rewrite takes milliseconds; that rewrite follows and then {@link #clearSent}.
     */
    void appendSent(String id, List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.replace('\r', ' ').replace('\n', ' ')).append('\n');
        }
        ByteBuffer bb = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        try (FileChannel ch = FileChannel.open(sent(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
        }
    }

    /** The lines of {@code <id>.sent}, none if there is no such file. */
    List<String> readSent(String id) throws IOException {
        try {
            return Files.readAllLines(sent(id), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /**
     * Marks delivered the pending recipients that {@code <m.id>.sent} names; true if it changed
     * any. A line that does not parse (there should be none: each is one write) is skipped.
     */
    boolean applySent(QueuedMessage m) throws IOException {
        boolean changed = false;
        for (String line : readSent(m.id)) {
            String[] f = line.split(" ", 5);
            int i;
            try {
                i = f.length == 5 ? Integer.parseInt(f[0]) : -1;
            } catch (NumberFormatException e) {
                i = -1;
            }
            if (i < 0 || i >= m.recipients().size()) {
                LOG.warn("queue: {}: skipping a line of {}.sent that does not parse: {}", m.id, m.id, line);
                continue;
            }
            QueuedRecipient r = m.recipient(i);
            if (r.state() == QueuedRecipient.State.PENDING) {
                m.set(i, r.delivered(f[4], f[1], undash(f[3]), undash(f[2])));
                LOG.info("queue: {}: {} was accepted before a restart ({}); not sent again", m.id, r.address(), f[4]);
                changed = true;
            }
        }
        return changed;
    }

    /** One field of a {@code .sent} line: "-" for empty. */
    static String dash(String field) {
        return field == null || field.isEmpty() ? "-" : field;
    }

    private static String undash(String field) {
        return field.equals("-") ? "" : field;
    }

    /** Removes {@code <id>.sent} once the envelope says what it said (no fsync: a stale one repeats the envelope). */
    void clearSent(String id) throws IOException {
        Files.deleteIfExists(sent(id));
    }

    /** Removes the files, envelope first (so a crash in between leaves an orphan content file, removed at load). */
    void delete(String id) throws IOException {
        Files.deleteIfExists(envelope(id));
        Files.deleteIfExists(sent(id));
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
                } else if (name.endsWith(".sent") && !Files.exists(envelope(name.substring(0, name.length() - 5)))) {
                    Files.deleteIfExists(p); // the rest of a message removed before it was cleared
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
                        QueuedMessage m = readEnvelope(id);
                        try {
                            if (applySent(m)) {
                                writeEnvelope(m);
                            }
                            clearSent(id);
                        } catch (IOException e) {
                            // kept in memory; the .sent file stays for the next start
                            LOG.error("queue: {}: cannot record what {}.sent says: {}", id, id, e.getMessage());
                        }
                        out.add(m);
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
