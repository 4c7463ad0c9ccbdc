package org.mailserver.core.delivery;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailserver.core.exec.BlockingExecutor;

/**
 * A message as it arrives: in memory up to {@code memoryThreshold} octets, then spilled to a
 * temporary file in the spool directory. The file is deleted by {@link #discard()} when the
 * transaction ends.
 *
 * <p>Threading: {@link #append}, {@link #finish} and {@link #discard} are called by the one thread
 * that receives the message (the channel's event loop). File writes never happen there: past the
 * threshold, data is collected into chunks of {@value #CHUNK} octets that are written in order on
 * the {@link BlockingExecutor}. {@link #append} returns true when too many chunks wait; the caller
 * should then stop reading until {@link #drained()} completes (back-pressure). {@link #open()} and
 * {@link #size()} may be called from any thread once {@link #finish()} has completed.
 *
 * <p>Failures: a failed or refused write makes {@link #finish()} complete exceptionally; the
 * receiver answers with a temporary error.
 */
public final class SpooledMessage implements MessageSource {
    static final int CHUNK = 64 * 1024;
    private static final int MAX_PENDING_CHUNKS = 2;

    private final Path spoolDir;
    private final int memoryThreshold;
    private final BlockingExecutor executor;
    private final AtomicInteger pending = new AtomicInteger();
    private byte[] buffer = new byte[4096];
    private int buffered;
    private long size;
    private boolean spilled;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    // Touched only by the executor's tasks, which run one after another through the tail chain.
    private Path file;
    private FileChannel channel;

    public SpooledMessage(Path spoolDir, int memoryThreshold, BlockingExecutor executor) {
        this.spoolDir = spoolDir;
        this.memoryThreshold = memoryThreshold;
        this.executor = executor;
    }

    /** Copies the readable bytes of {@code data} (not released). True when the caller should pause. */
    public boolean append(ByteBuf data) {
        int n = data.readableBytes();
        size += n;
        if (!spilled && buffered + n > memoryThreshold) {
            spilled = true;
            submit(buffer, buffered); // the memory part becomes the file's first chunk
            buffer = new byte[CHUNK];
            buffered = 0;
        }
        int index = data.readerIndex();
        while (n > 0) {
            if (buffered == buffer.length) {
                if (spilled) {
                    submit(buffer, buffered);
                    buffer = new byte[CHUNK];
                    buffered = 0;
                } else {
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, Math.max(memoryThreshold, 1)));
                }
            }
            int k = Math.min(n, buffer.length - buffered);
            data.getBytes(index, buffer, buffered, k);
            index += k;
            buffered += k;
            n -= k;
        }
        return pending.get() >= MAX_PENDING_CHUNKS;
    }

    /** Completes (never exceptionally) when every chunk handed to the executor so far is written. */
    public CompletableFuture<Void> drained() {
        return tail.handle((v, e) -> null);
    }

    /** Writes what is left and closes the file; completes when the message can be {@link #open()}ed. */
    public CompletableFuture<Void> finish() {
        if (spilled) {
            submit(buffer, buffered);
            buffer = null;
            buffered = 0;
            then(() -> channel.close());
        }
        return tail;
    }

    /** Deletes the spool file once pending writes are done. Safe to call more than once. */
    public void discard() {
        if (!spilled) {
            buffer = null;
            return;
        }
        tail = tail.handle((v, e) -> null)
                .thenCompose(v -> executor.<Void>submit(() -> {
                    deleteFile();
                    return null;
                }))
                // the pool refused the task: a single unlink here is better than a leaked file
                .exceptionally(e -> {
                    deleteFile();
                    return null;
                });
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        if (!spilled) {
            byte[] b = buffer;
            if (b == null) {
                throw new IOException("message discarded");
            }
            return new ByteArrayInputStream(b, 0, buffered);
        }
        return Files.newInputStream(file);
    }

    private void submit(byte[] chunk, int length) {
        pending.incrementAndGet();
        CompletableFuture<Void> done = then(() -> write(chunk, length));
        done.whenComplete((v, e) -> pending.decrementAndGet());
    }

    private interface IoStep {
        void run() throws IOException;
    }

    private CompletableFuture<Void> then(IoStep step) {
        tail = tail.thenCompose(v -> executor.<Void>submit(() -> {
            step.run();
            return null;
        }));
        return tail;
    }

    private void write(byte[] chunk, int length) throws IOException {
        if (channel == null) {
            file = Files.createTempFile(spoolDir, "spool-", ".msg");
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
        }
        ByteBuffer bb = ByteBuffer.wrap(chunk, 0, length);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
    }

    private void deleteFile() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover spool file holds no state anyone relies on; nothing more to do here
        }
    }
}
