package org.mailserver.pop3.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Pop3ParserTest {

    @Test
    void parsesEveryCommandCaseInsensitively() throws Exception {
        assertEquals(new Pop3Command.User("alice"), Pop3Parser.parse("user alice"));
        assertEquals(new Pop3Command.Pass("pass with  spaces "), Pop3Parser.parse("PASS pass with  spaces "));
        assertEquals(new Pop3Command.Auth(Optional.of("PLAIN"), Optional.of("AGEAYg==")), Pop3Parser.parse("AUTH PLAIN AGEAYg=="));
        assertEquals(new Pop3Command.Auth(Optional.of("login"), Optional.empty()), Pop3Parser.parse("Auth login"));
        assertEquals(new Pop3Command.Auth(Optional.empty(), Optional.empty()), Pop3Parser.parse("AUTH"));
        assertEquals(new Pop3Command.Capa(), Pop3Parser.parse("capa"));
        assertEquals(new Pop3Command.Stls(), Pop3Parser.parse("STLS"));
        assertEquals(new Pop3Command.Stat(), Pop3Parser.parse("STAT"));
        assertEquals(new Pop3Command.List(OptionalInt.empty()), Pop3Parser.parse("LIST"));
        assertEquals(new Pop3Command.List(OptionalInt.of(2)), Pop3Parser.parse("LIST 2"));
        assertEquals(new Pop3Command.Uidl(OptionalInt.of(12)), Pop3Parser.parse("uidl 12"));
        assertEquals(new Pop3Command.Uidl(OptionalInt.empty()), Pop3Parser.parse("UIDL"));
        assertEquals(new Pop3Command.Retr(1), Pop3Parser.parse("RETR 1"));
        assertEquals(new Pop3Command.Top(3, 0), Pop3Parser.parse("TOP 3 0"));
        assertEquals(new Pop3Command.Top(3, 999999999999L), Pop3Parser.parse("TOP 3 999999999999"));
        assertEquals(new Pop3Command.Dele(7), Pop3Parser.parse("DELE 7"));
        assertEquals(new Pop3Command.Rset(), Pop3Parser.parse("RSET"));
        assertEquals(new Pop3Command.Noop(), Pop3Parser.parse("NOOP"));
        assertEquals(new Pop3Command.Quit(), Pop3Parser.parse("QUIT"));
    }

    @Test
    void toleratesExtraSpacesBetweenArguments() throws Exception {
        assertEquals(new Pop3Command.Top(1, 5), Pop3Parser.parse("TOP  1  5 "));
        assertEquals(new Pop3Command.List(OptionalInt.empty()), Pop3Parser.parse("LIST "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "XYZZY", "APOP alice 0123", "RETR", "RETR x", "RETR -1", "RETR +1", "RETR 1 2",
        "RETR 1234567890", "TOP 1", "TOP 1 -1", "TOP 1 2 3", "DELE", "LIST 1 2", "STAT 1", "QUIT now", "USER",
        "USER a b", "PASS", "PASS ", "AUTH PLAIN a b", "CAPA x", "RETR\u00a01",
        "USER bob\u0000", "USER bob\u0000x", "USER \u0000bob", "USER bob\r", "USER b\rob", "USER bob\u0085",
        "AUTH PLAIN\u0000", "STAT\u0000", "QUIT\t"})
    void rejectsInvalidLines(String line) {
        assertThrows(Pop3SyntaxException.class, () -> Pop3Parser.parse(line));
    }

    @Test
    void neverShowsPasswordsInToString() throws Exception {
        assertFalse(Pop3Parser.parse("PASS hunter2").toString().contains("hunter2"));
        assertFalse(Pop3Parser.parse("AUTH PLAIN AGFsaWNlAGh1bnRlcjI=").toString().contains("AGFsaWNlAGh1bnRlcjI="));
    }
}
