package org.mailserver.imap.server;

/**
 * Something {@link ImapDecoder} met while framing, in place of a command, that the session must
 * answer: an over-long line, a literal refused for its size, an unreadable literal count.
 *
 * <p>The session answers {@code tag <status> text} ({@code *} when the tag is null; see
 * {@link #status()}). With {@code close}, the decoder cannot tell where the next command starts (a
 * non-synchronising literal whose size cannot be read: its octets are on their way, and reading them
 * as commands would let a client smuggle some in), reads nothing more, and the session says
 * {@code * BYE text} and closes the connection.
 *
 * @param tag the command's tag, or null if it could not be read
 * @param text the human-readable text, starting with a response code where one applies
 *     ({@code [TOOBIG]}, RFC 4469 4.2, RFC 7889 4)
 * @param close whether the connection cannot go on
 */
public record FrameError(String tag, String text, boolean close) {

    /**
     * {@code NO} for a command refused for its size or a failure to store its message (texts that start
     * with {@code [TOOBIG]}, RFC 7889 4, or {@code [UNAVAILABLE]}, RFC 5530 3), {@code BAD} otherwise
     * (RFC 3501 7.1.3: a protocol error).
     */
    public String status() {
        return text.startsWith("[TOOBIG]") || text.startsWith("[UNAVAILABLE]") ? "NO" : "BAD";
    }
}
