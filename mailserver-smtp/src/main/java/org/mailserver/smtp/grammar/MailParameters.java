package org.mailserver.smtp.grammar;

import java.util.Map;

/**
 * The ESMTP parameters of MAIL FROM that the engine understands, plus the others as they came.
 *
 * @param size the {@code SIZE=} value of RFC 1870, or -1 when absent
 * @param body {@code BODY=} (RFC 6152, RFC 3030), {@link BodyType#SEVEN_BIT} when absent
 * @param smtpUtf8 {@code SMTPUTF8} given (RFC 6531 3.4)
 * @param others every other keyword, upper-cased, with its value (RET, ENVID, AUTH, ...); the
 *     session decides which of them it accepts
 */
public record MailParameters(long size, BodyType body, boolean smtpUtf8, Map<String, String> others) {
    public static final MailParameters NONE = new MailParameters(-1, BodyType.SEVEN_BIT, false, Map.of());

    public MailParameters {
        others = Map.copyOf(others);
    }
}
