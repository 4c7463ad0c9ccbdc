package org.mailserver.store.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import java.util.function.IntFunction;
import org.mailserver.core.delivery.MessageSource;

/**
 * Writes one message into a Maildir the way the spec and Postfix's {@code maildir.c} do: into
 * {@code tmp/<unique>}, fsync the file, rename into {@code new/} or {@code cur/} with the final
 * name, fsync that directory. The message is streamed through one 64 KiB buffer; it is never held
 * whole in memory. On any failure nothing stays behind.
 */
final class MessageWriter {

    static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_ATTEMPTS = 20;

    /**
     * Where a message landed.
     *
     * @param size the file's size (Dovecot's physical size, {@code S=})
     * @param virtualSize the size served to clients, bare LFs counted as CRLF ({@code W=})
     */
    record Written(String baseName, String subdir, String fileName, long size, long virtualSize) {
    }

    private MessageWriter() {
    }

    /**
     * @param folderDir the Maildir (INBOX root or {@code .Sub} folder)
     * @param subdir {@code new} or {@code cur}
     * @param names the unique base name for attempt n (0, 1, ...)
     * @param letters null for {@code new/} (no info), else the flag letters for {@code cur/}
     * @param mtime the file's modification time to set, or null to keep the write time
     */
    static Written write(Path folderDir, String subdir, IntFunction<String> names, byte[] prefix, MessageSource message,
                         String letters, Instant mtime) throws IOException {
        Path tmpDir = folderDir.resolve("tmp");
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String unique = names.apply(attempt);
            Path tmp = tmpDir.resolve(unique);
            FileChannel channel;
            try {
                channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        DurableFiles.fileMode());
            } catch (FileAlreadyExistsException clash) {
                continue;
            }
            Path target = null;
            try {
                long size;
                LineEnds lineEnds = new LineEnds();
                try (channel) {
                    size = copy(prefix, message, channel, lineEnds);
                    if (mtime != null) {
                        Files.setLastModifiedTime(tmp, FileTime.from(mtime));
                    }
                    channel.force(true);
                }
                // Dovecot's S= (physical size) and W= (size with CRLF line ends): equal for CRLF
                // content, as sources are meant to be; a bare LF that got through is counted.
                long virtualSize = size + lineEnds.bareLineFeeds();
                String base = unique + ",S=" + size + ",W=" + virtualSize;
                String fileName = letters == null ? base : MaildirName.fileName(base, letters);
                target = folderDir.resolve(subdir).resolve(fileName);
                if (Files.exists(target)) {
                    DurableFiles.deleteQuietly(tmp);
                    target = null;
                    continue;
                }
                Files.move(tmp, target); // rename(2); without REPLACE_EXISTING it refuses an existing target
                DurableFiles.fsyncDirectory(target.getParent());
                return new Written(base, subdir, fileName, size, virtualSize);
            } catch (IOException | RuntimeException | Error e) {
                DurableFiles.deleteQuietly(tmp);
                DurableFiles.deleteQuietly(target);
                throw e;
            }
        }
        throw new FileAlreadyExistsException(tmpDir.toString(), null, "no unique name after " + MAX_ATTEMPTS + " attempts");
    }

    private static long copy(byte[] prefix, MessageSource message, FileChannel channel, LineEnds lineEnds)
            throws IOException {
        lineEnds.update(prefix, 0, prefix.length);
        long size = writeFully(channel, ByteBuffer.wrap(prefix));
        byte[] buffer = new byte[BUFFER_SIZE];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        try (InputStream in = message.open()) {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) != -1) {
                lineEnds.update(buffer, 0, n);
                wrapped.clear().limit(n);
                size += writeFully(channel, wrapped);
            }
        }
        return size;
    }

    private static long writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        long written = 0;
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        return written;
    }
}
