package org.mailserver.smtp.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable file writes as Postfix and Maildir do them: write a temporary file, fsync, rename, fsync the directory. */
final class Fsync {
    private Fsync() {
    }

    /** Writes {@code prefix} then {@code body} (streamed) to {@code tmp}, fsyncs, and renames it to {@code target}. */
    static void write(Path tmp, Path target, byte[] prefix, InputStream body) throws IOException {
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bb = ByteBuffer.wrap(prefix);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                if (body != null) {
                    body.transferTo(Channels.newOutputStream(ch));
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        directory(target.getParent());
    }

    /** Makes a rename or unlink in {@code dir} durable. */
    static void directory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
