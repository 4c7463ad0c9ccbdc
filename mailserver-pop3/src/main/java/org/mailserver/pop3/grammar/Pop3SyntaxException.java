package org.mailserver.pop3.grammar;

/** A line that is not a valid POP3 command; the message is the text of the {@code -ERR} reply. */
public final class Pop3SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    public Pop3SyntaxException(String message) {
        super(message, null, false, false);
    }
}
