package org.mailserver.core.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SaslLoginTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void asksForUserThenPassword() throws Exception {
        SaslExchange x = SaslExchange.start("LOGIN").orElseThrow();
        assertEquals("VXNlcm5hbWU6", SaslBase64.encode(x.initialChallenge()));
        SaslExchange.Step s1 = x.step(bytes("alice"));
        assertEquals("UGFzc3dvcmQ6", SaslBase64.encode(assertInstanceOf(SaslExchange.Step.Challenge.class, s1).data()));
        SaslExchange.Step s2 = x.step(bytes("secret"));
        SaslCredentials c = assertInstanceOf(SaslExchange.Step.Complete.class, s2).credentials();
        assertEquals("alice", c.authcid());
        assertArrayEquals("secret".toCharArray(), c.password());
    }

    @Test
    void initialResponseIsTheUserName() throws Exception {
        SaslLogin x = new SaslLogin();
        assertInstanceOf(SaslExchange.Step.Challenge.class, x.step(bytes("bob@example.test")));
        assertEquals("bob@example.test",
                ((SaslExchange.Step.Complete) x.step(bytes("pw"))).credentials().authcid());
    }

    @Test
    void rejectsEmptyAndInvalidFields() {
        assertThrows(InvalidSaslResponseException.class, () -> new SaslLogin().step(new byte[0]));
        assertThrows(InvalidSaslResponseException.class, () -> new SaslLogin().step(new byte[] {(byte) 0xff}));
        SaslLogin x = new SaslLogin();
        assertThrows(InvalidSaslResponseException.class, () -> {
            x.step(bytes("alice"));
            x.step(new byte[0]);
        });
    }

    @Test
    void cannotContinueAfterCompletion() throws Exception {
        SaslLogin x = new SaslLogin();
        x.step(bytes("a"));
        x.step(bytes("b"));
        assertThrows(InvalidSaslResponseException.class, () -> x.step(bytes("c")));
    }
}
