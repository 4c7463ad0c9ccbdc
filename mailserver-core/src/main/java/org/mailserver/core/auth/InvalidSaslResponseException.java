package org.mailserver.core.auth;

/**
 * A SASL client response that cannot be decoded: not canonical base64, not UTF-8, or not of the
 * mechanism's form. Protocols answer it with a plain failure ({@code 501 5.5.2}, {@code -ERR},
 * {@code BAD}) and do not count it as a wrong password: no credentials were tried.
 */
public final class InvalidSaslResponseException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidSaslResponseException(String message) {
        super(message);
    }
}
