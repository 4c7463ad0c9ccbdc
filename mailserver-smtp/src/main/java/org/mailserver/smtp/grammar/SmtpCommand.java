package org.mailserver.smtp.grammar;

import java.util.Map;

/**
 * The commands of SMTP (RFC 5321 4.1.1) and LMTP (RFC 2033), as parsed by {@link CommandParser}.
 * A line that does not parse becomes {@link Invalid}, carrying the reply to send.
 */
public sealed interface SmtpCommand {

    /** {@code HELO domain} (RFC 5321 4.1.1.1). */
    record Helo(String domain) implements SmtpCommand {
    }

    /** {@code EHLO domain-or-literal} (RFC 5321 4.1.1.1). */
    record Ehlo(String domain) implements SmtpCommand {
    }

    /** {@code LHLO domain} (RFC 2033 4.1): LMTP's only greeting command. */
    record Lhlo(String domain) implements SmtpCommand {
    }

    /** {@code MAIL FROM:<path> [params]} (RFC 5321 4.1.1.2). */
    record Mail(MailPath from, MailParameters parameters) implements SmtpCommand {
    }

    /**
     * {@code RCPT TO:<path> [params]} (RFC 5321 4.1.1.3); {@code parameters} keeps the raw
     * upper-cased keywords (NOTIFY, ORCPT of RFC 3461) with their values, or an empty value.
     */
    record Rcpt(MailPath to, Map<String, String> parameters) implements SmtpCommand {
        public Rcpt {
            parameters = Map.copyOf(parameters);
        }
    }

    /** {@code DATA} (RFC 5321 4.1.1.4). */
    record Data() implements SmtpCommand {
    }

    /** {@code RSET} (RFC 5321 4.1.1.5). */
    record Rset() implements SmtpCommand {
    }

    /** {@code VRFY string} (RFC 5321 4.1.1.6). */
    record Vrfy(String argument) implements SmtpCommand {
    }

    /** {@code HELP [string]} (RFC 5321 4.1.1.8). */
    record Help(String argument) implements SmtpCommand {
    }

    /** {@code NOOP [string]} (RFC 5321 4.1.1.9). */
    record Noop() implements SmtpCommand {
    }

    /** {@code QUIT} (RFC 5321 4.1.1.10). */
    record Quit() implements SmtpCommand {
    }

    /** {@code STARTTLS} (RFC 3207 4). */
    record StartTls() implements SmtpCommand {
    }

    /**
     * {@code AUTH mechanism [initial-response]} (RFC 4954 4); {@code initialResponse} is null when
     * absent, {@code "="} for an empty one, else the base64 text as sent.
     */
    record Auth(String mechanism, String initialResponse) implements SmtpCommand {
    }

    /** {@code BDAT chunk-size [LAST]} (RFC 3030 2): exactly {@code size} octets follow the line. */
    record Bdat(long size, boolean last) implements SmtpCommand {
    }

    /** A line that is not a valid command; {@code reply} says why (500, 501, 502, 504, 555). */
    record Invalid(Reply reply) implements SmtpCommand {
    }
}
