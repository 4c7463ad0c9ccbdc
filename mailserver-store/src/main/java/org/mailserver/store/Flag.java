package org.mailserver.store;

/** The IMAP system flags and their Maildir info letters (sorted by letter in file names). */
public enum Flag {
    DRAFT('D', "\\Draft"),
    FLAGGED('F', "\\Flagged"),
    ANSWERED('R', "\\Answered"),
    SEEN('S', "\\Seen"),
    DELETED('T', "\\Deleted");

    private final char letter;
    private final String imapName;

    Flag(char letter, String imapName) {
        this.letter = letter;
        this.imapName = imapName;
    }

    /** The letter in the Maildir {@code :2,} info suffix. */
    public char letter() {
        return letter;
    }

    /** The IMAP name, e.g. {@code \Seen}. */
    public String imapName() {
        return imapName;
    }
}
