package org.mailserver.core.directory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Password bytes without a {@code String}: the caller zeroes the array when done. */
final class Passwords {
    private Passwords() {
    }

    /** The UTF-8 bytes of {@code password} (RFC 4513 5.1.1: simple bind passwords are UTF-8). */
    static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }
}
