package org.mailserver.core.delivery;

import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * Recognises a full disk (ENOSPC) or an exhausted file system quota (EDQUOT) in an exception, so
 * that a delivery is answered {@code 452 4.3.1} (RFC 3463: mail system full) rather than the
 * generic {@code 451 4.3.0}, and an IMAP command says why it failed.
 *
 * <p>Java has no errno: {@code FileChannel.write} throws a plain {@link java.io.IOException} whose
 * message is the C library's {@code strerror} text ("No space left on device"), and the
 * {@code java.nio.file} calls (open, create, move) throw a {@link FileSystemException} whose
 * {@link FileSystemException#getReason() reason} is that same text and whose message adds the path.
 * Both are matched, anywhere in the cause chain, on the glibc and musl texts for both errors.
 */
public final class DiskFull {
    private static final String[] TEXTS = {"no space left on device", "disk quota exceeded"};

    private DiskFull() {
    }

    /** True if {@code error} or one of its causes reports ENOSPC or EDQUOT. Null is not. */
    public static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            // a FileSystemException's message starts with the path, which may contain any words
            if (matches(t instanceof FileSystemException fse ? fse.getReason() : t.getMessage())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean matches(String text) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String s : TEXTS) {
            if (lower.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
