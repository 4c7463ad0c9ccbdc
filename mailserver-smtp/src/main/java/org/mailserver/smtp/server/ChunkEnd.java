package org.mailserver.smtp.server;

/** Emitted by {@link SmtpDecoder} when the last octet of a BDAT chunk (RFC 3030 2) has been read. */
public record ChunkEnd() {
}
