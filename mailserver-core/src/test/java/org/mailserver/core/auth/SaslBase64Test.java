package org.mailserver.core.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslBase64Test {

    @Test
    void decodesCanonicalInput() throws Exception {
        assertArrayEquals("\0alice\0secret".getBytes(StandardCharsets.UTF_8), SaslBase64.decode("AGFsaWNlAHNlY3JldA=="));
        assertArrayEquals(new byte[0], SaslBase64.decode(""));
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe}, SaslBase64.decode("//4="));
    }

    @Test
    void roundTripsEveryByteValue() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, SaslBase64.decode(SaslBase64.encode(all)));
    }

    @Test
    void equalsSignAloneIsTheEmptyInitialResponse() throws Exception {
        assertArrayEquals(new byte[0], SaslBase64.decodeInitialResponse("="));
        assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), SaslBase64.decodeInitialResponse("YQ=="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "YQ", "YQ=", "YQ==YQ==", "Y Q==", "YQ==\r\n", "====", "A===", "YR==", "YWI=x",
        "YW*j", "YW=j", "-_8=", "é"})
    void rejectsGarbage(String input) {
        assertThrows(InvalidSaslResponseException.class, () -> SaslBase64.decode(input));
    }

    @Test
    void encodesUtf8Text() {
        assertEquals("VXNlcm5hbWU6", SaslBase64.encode("Username:"));
    }
}
