package org.mailserver.smtp.server;

/**
 * Emitted by {@link SmtpDecoder} when the end-of-data line {@code CRLF.CRLF} has been read.
 *
 * @param bareLineEnd the data held a CR or LF that was not part of a CRLF pair: the message must be
 *     refused, since another server may read such a line end differently (SMTP smuggling)
 */
public record DataEnd(boolean bareLineEnd) {
}
