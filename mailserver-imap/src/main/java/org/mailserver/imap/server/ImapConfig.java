package org.mailserver.imap.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * IMAP settings shared by the {@code imap} and {@code imaps} listeners.
 *
 * @param spoolDir where APPEND literals larger than {@code spoolThreshold} are written
 * @param spoolThreshold octets of an APPEND message kept in memory before it goes to a file
 * @param maxLiteral the largest literal other than an APPEND message (a mailbox name, a search string)
 * @param appendLimit the largest APPEND message (RFC 7889 APPENDLIMIT)
 * @param plaintextAuth whether LOGIN and AUTHENTICATE are allowed on an unencrypted connection from
 *     a non-loopback address (RFC 3501 6.2.3 LOGINDISABLED, RFC 8314 advice)
 * @param idlePoll how often an IDLE session rescans its folder for changes made by other programs
 *     (changes by this process are pushed at once)
 */
public record ImapConfig(Path spoolDir, int spoolThreshold, int maxLiteral, long appendLimit,
                         boolean plaintextAuth, Duration idlePoll) {
}
