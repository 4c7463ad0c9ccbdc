package org.mailserver.store.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** File operations with the durability Maildir needs: fsync of files and directories, atomic replace. */
final class DurableFiles {

    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    /** A lock file older than this was left by a crash (Dovecot's dotlock uses a similar stale time). */
    private static final long STALE_LOCK_MILLIS = TimeUnit.MINUTES.toMillis(2);
    /**
     * A lock file last modified before this process started is not ours, and a lock is only held
     * for the milliseconds of one write: it was left by a crash (ours, most likely) and is stale at
     * once, so a restart after SIGKILL does not fail every UID list write for two minutes.
     */
    private static final long PROCESS_START_MILLIS = ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(0L);
    /** Tests only: told of every directory fsync. */
    static volatile Consumer<Path> onDirectorySync = dir -> { };

    private DurableFiles() {
    }

    static FileAttribute<?>[] fileMode() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)} : new FileAttribute<?>[0];
    }

    /** Creates a directory (0700) and any missing parents; true if this call created {@code dir}. */
    static boolean createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return false;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            } else {
                Files.createDirectory(dir);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return false;
        }
    }

    /** fsync of a directory, so that renames and creations in it survive a crash. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
        onDirectorySync.accept(dir);
    }

    /**
     * Replaces {@code target} with {@code content}: written to {@code <target>.lock} in the same
     * directory (the name Dovecot uses as its dotlock, so Dovecot waits while we write), fsynced,
     * renamed over the target, directory fsynced.
     */
    static void replace(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".lock");
        FileChannel channel = createLockFile(temp);
        try (channel) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        fsyncDirectory(target.getParent());
    }

    private static FileChannel createLockFile(Path lock) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return FileChannel.open(lock, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileMode());
            } catch (FileAlreadyExistsException e) {
                FileTime modified;
                try {
                    modified = Files.getLastModifiedTime(lock);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                if (System.currentTimeMillis() - modified.toMillis() > STALE_LOCK_MILLIS
                        || modified.toMillis() < PROCESS_START_MILLIS) {
                    deleteQuietly(lock);
                } else if (attempt > 100) {
                    throw new IOException("lock held too long: " + lock, e);
                } else {
                    sleep(50);
                }
            }
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a lock");
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Nothing more we can do; a stale tmp/ file is removed after 36 hours anyway.
        }
    }

    /** Deletes a directory tree, deepest first. */
    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** ENOSPC (or EDQUOT) anywhere in the cause chain: the caller answers 452 4.3.1 rather than 451. */
    static boolean isDiskFull(Throwable error) {
        return org.mailserver.core.delivery.DiskFull.is(error);
    }
}
