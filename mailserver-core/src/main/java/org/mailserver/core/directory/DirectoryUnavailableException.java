package org.mailserver.core.directory;

/**
 * The directory could not answer (server down, timeout, pool exhausted). Callers must turn this into
 * a temporary error (4xx, {@code -ERR [SYS/TEMP]}), never into a permanent one.
 */
public class DirectoryUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
