import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Raw durable-write rate of a file system, the ceiling for Maildir delivery.
 *
 * <p>One operation is what a Maildir delivery costs the file system: create a file in
 * {@code DIR/tmp}, write SIZE bytes, {@code force(true)}, rename it into {@code DIR/new}, and
 * fsync the {@code new/} directory so the rename itself is durable. THREADS threads do this in a
 * loop for SECONDS seconds after a 2-second warm-up; the program prints the operations per second.
 *
 * <p>Usage: {@code java bench/FsyncRate.java DIR THREADS SECONDS SIZE [MAILDIRS]}. With MAILDIRS
 * (default 1) above 1, thread i works in {@code DIR/md<i % MAILDIRS>/} instead of DIR itself, the
 * way deliveries to different users land in different Maildirs and so do not contend for one
 * directory. Files are left in place; the caller removes DIR.
 */
public final class FsyncRate {
    private static final long WARMUP_NANOS = 2_000_000_000L;

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: java bench/FsyncRate.java DIR THREADS SECONDS SIZE [MAILDIRS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        int size = Integer.parseInt(args[3]);
        int maildirs = args.length == 5 ? Integer.parseInt(args[4]) : 1;
        Path[] roots = new Path[maildirs];
        for (int i = 0; i < maildirs; i++) {
            roots[i] = maildirs == 1 ? dir : dir.resolve("md" + i);
            Files.createDirectories(roots[i].resolve("tmp"));
            Files.createDirectories(roots[i].resolve("new"));
        }

        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder ops = new LongAdder();
        LongAdder errors = new LongAdder();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Path tmp = roots[t % maildirs].resolve("tmp");
            Path dest = roots[t % maildirs].resolve("new");
            Thread thread = new Thread(() -> {
                long seq = 0;
                try {
                    while (!stop.get()) {
                        String name = System.nanoTime() + ".T" + id + "Q" + seq++ + ".bench";
                        try {
                            deliverOnce(tmp.resolve(name), dest.resolve(name), dest, payload);
                            if (measuring.get()) {
                                ops.increment();
                            }
                        } catch (IOException e) {
                            errors.increment();
                            System.err.println("error: " + e);
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "fsync-" + t);
            thread.start();
        }
        Thread.sleep(WARMUP_NANOS / 1_000_000);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(seconds * 1000);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long count = ops.sum();
        stop.set(true);
        done.await();
        double rate = count / (elapsed / 1e9);
        System.out.printf("threads=%d maildirs=%d size=%d seconds=%.1f ops=%d errors=%d ops/s=%.1f%n",
                threads, maildirs, size, elapsed / 1e9, count, errors.sum(), rate);
        System.exit(errors.sum() == 0 ? 0 : 1);
    }

    private static void deliverOnce(Path tmpFile, Path newFile, Path newDir, byte[] payload)
            throws IOException {
        try (FileChannel ch = FileChannel.open(tmpFile, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(payload);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmpFile, newFile, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(newDir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
