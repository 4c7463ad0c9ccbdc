package org.mailserver.smtp.queue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The operator's view of the queue directory, usable from another process while the server runs
 * ({@code scripts/mailserver queue list|flush|delete ID}): it reads envelope files, removes a
 * message's files, and asks the running server to flush by creating the {@code flush} file, which
 * the scheduler notices within a second. Blocking file I/O; not for an event loop.
 */
public final class QueueAdmin {
    private final QueueStore store;

    /** @param queueDir {@code <data.dir>/queue} */
    public QueueAdmin(Path queueDir) {
        this.store = new QueueStore(queueDir);
    }

    /** One queued message as {@link #list()} shows it. */
    public record Entry(String id, Instant arrival, long size, String sender, List<QueuedRecipient> recipients) {
    }

    /** Every message in the queue, oldest first; unreadable envelopes are skipped. */
    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(store.dir)) {
            return out;
        }
        try (var s = Files.newDirectoryStream(store.dir, "*.env")) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                try {
                    QueuedMessage m = store.readEnvelope(name.substring(0, name.length() - 4));
                    out.add(new Entry(m.id, Instant.ofEpochMilli(m.arrival), m.size, m.sender, m.recipients()));
                } catch (IOException e) {
                    // removed while listing, or damaged: not shown
                }
            }
        }
        out.sort(Comparator.comparing(Entry::arrival));
        return out;
    }

    /** Prints {@link #list()} like {@code postqueue -p}. */
    public void print(PrintStream out) throws IOException {
        List<Entry> entries = list();
        for (Entry e : entries) {
            out.printf("%s  %s  %d  <%s>%n", e.id(), e.arrival(), e.size(), e.sender());
            for (QueuedRecipient r : e.recipients()) {
                out.printf("    <%s>  %s  attempts=%d%s%n", r.address(), r.state().name().toLowerCase(),
                        r.attempts(), r.lastReply().isEmpty() ? "" : "  (" + r.lastReply() + ")");
            }
        }
        out.printf("-- %d message(s)%n", entries.size());
    }

    /** Removes a message; false when there is none with that id. The running server forgets it before its next attempt. */
    public boolean delete(String id) throws IOException {
        if (!id.matches("[A-Za-z0-9_-]{1,64}") || !store.exists(id)) {
            return false;
        }
        store.delete(id);
        return true;
    }

    /** Asks the running server to try every pending recipient now. */
    public void flush() throws IOException {
        Files.createDirectories(store.dir);
        try {
            Files.createFile(store.flushFile());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // a flush is already requested
        }
    }
}
