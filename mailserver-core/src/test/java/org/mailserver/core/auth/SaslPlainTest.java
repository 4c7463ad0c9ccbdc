package org.mailserver.core.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SaslPlainTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesWithEmptyAuthzid() throws Exception {
        SaslCredentials c = SaslPlain.decode(bytes("\0alice\0s3cret pass"));
        assertEquals("alice", c.authcid());
        assertArrayEquals("s3cret pass".toCharArray(), c.password());
        assertFalse(c.toString().contains("s3cret"));
    }

    @Test
    void acceptsAuthzidEqualToAuthcid() throws Exception {
        assertEquals("alice@example.test", SaslPlain.decode(bytes("alice@example.test\0alice@example.test\0pw")).authcid());
    }

    @Test
    void rejectsActingForAnotherUser() {
        assertThrows(InvalidSaslResponseException.class, () -> SaslPlain.decode(bytes("bob\0alice\0pw")));
    }

    @Test
    void rejectsMalformedMessages() {
        for (String s : new String[] {"", "alice", "\0alice", "\0alice\0", "\0\0pw", "\0alice\0pw\0x"}) {
            assertThrows(InvalidSaslResponseException.class, () -> SaslPlain.decode(bytes(s)), s);
        }
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] msg = {0, 'a', 0, (byte) 0xc3, (byte) 0x28};
        assertThrows(InvalidSaslResponseException.class, () -> SaslPlain.decode(msg));
    }

    @Test
    void keepsNonAsciiPasswords() throws Exception {
        assertArrayEquals("pässwörd€".toCharArray(), SaslPlain.decode(bytes("\0erin\0pässwörd€")).password());
    }

    @Test
    void zeroesTheDecodedMessage() throws Exception {
        byte[] msg = bytes("\0alice\0pw");
        SaslPlain.decode(msg);
        assertArrayEquals(new byte[msg.length], msg);
    }

    @Test
    void exchangeCompletesInOneStep() throws Exception {
        SaslExchange x = SaslExchange.start("plain").orElseThrow();
        assertEquals(0, x.initialChallenge().length);
        SaslExchange.Step step = x.step(SaslBase64.decode(SaslBase64.encode("\0bob\0pw")));
        assertEquals("bob", assertInstanceOf(SaslExchange.Step.Complete.class, step).credentials().authcid());
    }

    @Test
    void unknownMechanismIsEmpty() {
        assertFalse(SaslExchange.start("CRAM-MD5").isPresent());
    }
}
