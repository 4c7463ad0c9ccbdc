package org.mailserver.core.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What the JDK throws on ENOSPC and EDQUOT, as seen from FileChannel.write and java.nio.file. */
class DiskFullTest {

    @Test
    void aWriteThatFoundTheDiskFullIsRecognised() {
        // FileChannel.write: a plain IOException with strerror(ENOSPC)
        assertTrue(DiskFull.is(new IOException("No space left on device")));
        // Files.createFile, FileChannel.open, Files.move: the path, then the reason
        assertTrue(DiskFull.is(new FileSystemException("/data/mail/bob/tmp/1.M2P3.host", null,
                "No space left on device")));
        assertTrue(DiskFull.is(new IOException("Disk quota exceeded")));
    }

    @Test
    void theCauseChainIsSearched() {
        IOException enospc = new IOException("No space left on device");
        assertTrue(DiskFull.is(new CompletionException(new UncheckedIOException(enospc))));
    }

    @Test
    void otherErrorsAreNotADiskFull() {
        assertFalse(DiskFull.is(null));
        assertFalse(DiskFull.is(new IOException("Input/output error")));
        assertFalse(DiskFull.is(new IOException((String) null)));
        assertFalse(DiskFull.is(new AccessDeniedException("/data/mail/bob/tmp")));
        // a path that merely contains the words does not count: the reason is what counts
        assertFalse(DiskFull.is(new FileSystemException("/srv/no space left on device", null,
                "Read-only file system")));
        assertFalse(DiskFull.is(new RuntimeException("boom", new IllegalStateException("still not"))));
    }
}
