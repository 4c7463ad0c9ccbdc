package org.mailserver.core.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Strict base64 (RFC 4648 section 4) for SASL exchanges (RFC 4422, RFC 5034 4, RFC 4954 4).
 *
 * <p>Rejects everything that is not canonical: characters outside the alphabet (including spaces
 * and line breaks), a length that is not a multiple of four, padding anywhere but at the end, and
 * non-zero bits in the unused part of the last group (RFC 4648 3.5), so a response has exactly one
 * reading. Pure functions; thread-safe.
 */
public final class SaslBase64 {
    private SaslBase64() {
    }

    /** Encodes with padding, no line breaks. */
    public static String encode(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    /** Encodes the UTF-8 bytes of {@code text}. */
    public static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes an initial response sent with the command: {@code =} stands for an empty response
     * (RFC 4954 4, RFC 5034 4); anything else as {@link #decode}.
     */
    public static byte[] decodeInitialResponse(String text) throws InvalidSaslResponseException {
        return "=".equals(text) ? new byte[0] : decode(text);
    }

    /** Decodes canonical base64; the empty string is the empty response. */
    public static byte[] decode(String text) throws InvalidSaslResponseException {
        int n = text.length();
        if (n % 4 != 0) {
            throw new InvalidSaslResponseException("invalid base64: length is not a multiple of 4");
        }
        int pad = 0;
        if (n > 0 && text.charAt(n - 1) == '=') {
            pad = text.charAt(n - 2) == '=' ? 2 : 1;
        }
        for (int i = 0; i < n - pad; i++) {
            if (value(text.charAt(i)) < 0) {
                throw new InvalidSaslResponseException("invalid base64: unexpected character");
            }
        }
        if (pad > 0) {
            // The last significant character may only carry bits that end up in the output.
            int last = value(text.charAt(n - pad - 1));
            int unusedMask = pad == 2 ? 0x0f : 0x03;
            if ((last & unusedMask) != 0) {
                throw new InvalidSaslResponseException("invalid base64: non-canonical padding bits");
            }
        }
        return Base64.getDecoder().decode(text);
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        return -1;
    }
}
