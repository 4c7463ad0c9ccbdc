package org.mailserver.imap.grammar;

/**
 * A command the parser cannot understand: answered {@code tag BAD text}, or {@code * BAD text}
 * when not even a tag could be read ({@link #tag()} is null then).
 */
public final class ImapSyntaxException extends Exception {
    private final String tag;

    public ImapSyntaxException(String tag, String message) {
        super(message);
        this.tag = tag;
    }

    /** The command's tag, or null if there was none. */
    public String tag() {
        return tag;
    }
}
