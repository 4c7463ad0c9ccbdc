package org.mailserver.daemon;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * {@code {SSHA}} values for {@code userPassword}: base64(SHA-1(password + salt) + salt) with an 8-byte
 * salt, as {@code slappasswd} writes them. OpenLDAP verifies them without extra modules and the
 * embedded directory's salted-digest encoder does too.
 */
final class SshaPassword {
    private static final int SALT_BYTES = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SshaPassword() {
    }

    /** The {@code userPassword} value for {@code password}; the caller zeroes the array afterwards. */
    static String hash(char[] password) {
        // RFC 4513 5.1.1: simple bind passwords are UTF-8, so the digest is over the UTF-8 bytes.
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] clear = new byte[encoded.remaining()];
        encoded.get(clear);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(clear);
            sha1.update(salt);
            byte[] digest = sha1.digest();
            byte[] both = Arrays.copyOf(digest, digest.length + SALT_BYTES);
            System.arraycopy(salt, 0, both, digest.length, SALT_BYTES);
            return "{SSHA}" + Base64.getEncoder().encodeToString(both);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }
}
