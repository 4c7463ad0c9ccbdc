package org.mailserver.smtp.client;

import java.time.Duration;

/**
 * How long the client waits for each reply (RFC 5321 4.5.3.2). Tests use short ones.
 *
 * @param connect establishing the TCP connection
 * @param initial the 220 greeting, and EHLO/STARTTLS/RSET/QUIT replies (4.5.3.2.1: 5 minutes)
 * @param mail the reply to MAIL (4.5.3.2.2: 5 minutes)
 * @param rcpt the reply to RCPT (4.5.3.2.3: 5 minutes)
 * @param dataInit the 354 after DATA (4.5.3.2.4: 2 minutes)
 * @param dataBlock each block of message data written (4.5.3.2.5: 3 minutes)
 * @param dataFinal the reply after the final dot (4.5.3.2.6: 10 minutes)
 */
public record ClientTimeouts(Duration connect, Duration initial, Duration mail, Duration rcpt, Duration dataInit,
                             Duration dataBlock, Duration dataFinal) {

    /** The minimums RFC 5321 4.5.3.2 asks for, and 30 s to connect. */
    public static ClientTimeouts rfc5321() {
        return new ClientTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10));
    }

    /** Every timeout the same, for tests. */
    public static ClientTimeouts all(Duration d) {
        return new ClientTimeouts(d, d, d, d, d, d, d);
    }
}
