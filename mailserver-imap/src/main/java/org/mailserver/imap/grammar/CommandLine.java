package org.mailserver.imap.grammar;

import java.nio.charset.StandardCharsets;

/**
 * What the framing decoder must know of a command line before the command is parsed: whether the
 * line announces a literal, the tag (for error replies) and whether the command is an APPEND. Pure;
 * thread-safe. Lines are without their CRLF.
 */
public final class CommandLine {

    /**
     * A literal announcement at the end of a line: {@code {n}} or {@code {n+}} (RFC 3501 4.3, RFC 7888 3;
     * also RFC 3516's {@code ~{n}}, whose {@code ~} stays part of the line).
     *
     * @param size the octet count, or -1 when the count is not a number or does not fit in 63 bits
     * @param sync false for the non-synchronising form {@code {n+}}
     */
    public record Literal(long size, boolean sync) {
        public boolean valid() {
            return size >= 0;
        }
    }

    private CommandLine() {
    }

    /**
     * The literal announced at the end of {@code line[0..length)}, or null if it does not end in one.
     * A line ends in a literal when it ends with {@code {digits}} or {@code {digits+}}; an atom may end
     * in {@code }} (RFC 3501 9: it is no atom-special), so {@code pass12}} is no announcement, but
     * {@code {}}, {@code {+}} and digits too many for a count are invalid ones.
     *
     * @param truncated whether {@code line} is only the end of a longer line (an over-long line being
     *     skipped): digits reaching its start may then belong to a count that began earlier, so the
     *     announcement is reported invalid rather than missed
     */
    public static Literal literal(byte[] line, int length, boolean truncated) {
        if (length == 0 || line[length - 1] != '}') {
            return null;
        }
        int i = length - 2;
        boolean sync = true;
        if (i >= 0 && line[i] == '+') {
            sync = false;
            i--;
        }
        int lastDigit = i;
        while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
            i--;
        }
        if (i < 0) {
            return truncated ? new Literal(-1, sync) : null;
        }
        if (line[i] != '{') {
            return null;
        }
        long n = 0;
        for (int j = i + 1; j <= lastDigit; j++) {
            int d = line[j] - '0';
            if (n > (Long.MAX_VALUE - d) / 10) {
                return new Literal(-1, sync);
            }
            n = n * 10 + d;
        }
        return new Literal(lastDigit > i ? n : -1, sync);
    }

    /** The tag of a command line (RFC 3501 9 {@code tag}), or null when the line does not start with one and a space. */
    public static String tag(byte[] line, int length) {
        int i = 0;
        while (i < length && ImapReader.isTagChar(line[i] & 0xff)) {
            i++;
        }
        return i > 0 && i < length && line[i] == ' ' ? new String(line, 0, i, StandardCharsets.US_ASCII) : null;
    }

    /** Whether the line is {@code tag SP "APPEND" SP ...}, any case. */
    public static boolean isAppend(byte[] line, int length) {
        String tag = tag(line, length);
        if (tag == null) {
            return false;
        }
        int start = tag.length() + 1;
        String word = "APPEND ";
        if (length < start + word.length()) {
            return false;
        }
        return new String(line, start, word.length(), StandardCharsets.US_ASCII).equalsIgnoreCase(word);
    }

    /**
     * Whether an APPEND line's literal is its mailbox name: the line is {@code tag APPEND {n}} (or
     * {@code {n+}}), the literal standing where the mailbox goes. Every other literal of an APPEND is
     * a message (RFC 3501 6.3.11: flags and date-time cannot be literals).
     */
    public static boolean appendMailboxIsLiteral(byte[] line, int length) {
        String tag = tag(line, length);
        return tag != null && length > tag.length() + 8 && line[tag.length() + 8] == '{';
    }
}
