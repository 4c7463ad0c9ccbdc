package org.mailserver.smtp.queue;

/** A transport map that cannot be used; the message names every bad line as {@code file:line: problem}. */
public final class TransportMapException extends Exception {
    public TransportMapException(String message) {
        super(message);
    }
}
