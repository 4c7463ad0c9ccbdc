package org.mailserver.core.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Strict UTF-8 decoding for SASL fields (RFC 4616 2: the fields are UTF-8, NUL not allowed inside). */
final class SaslUtf8 {
    private SaslUtf8() {
    }

    static String string(byte[] data, int from, int to, String field) throws InvalidSaslResponseException {
        return new String(chars(data, from, to, field));
    }

    /** Decodes to a char array so a password need not become a {@code String}. */
    static char[] chars(byte[] data, int from, int to, String field) throws InvalidSaslResponseException {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, from, to - from));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            if (cb.hasArray()) {
                Arrays.fill(cb.array(), '\0');
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new InvalidSaslResponseException(field + " is not valid UTF-8");
        }
    }
}
