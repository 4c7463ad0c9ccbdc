package org.mailserver.smtp.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailserver.core.delivery.QueueEnvelope;

/** AUTH and BDAT parsing, xtext, the DSN parameters and the address checks. */
class SmtpExtensionsGrammarTest {

    @Test
    void authAndBdatCommands() {
        assertEquals(new SmtpCommand.Auth("PLAIN", null), CommandParser.parse("auth plain"));
        assertEquals(new SmtpCommand.Auth("LOGIN", "dXNlcg=="), CommandParser.parse("AUTH LOGIN dXNlcg=="));
        assertEquals(new SmtpCommand.Auth("PLAIN", "="), CommandParser.parse("AUTH PLAIN ="));
        assertInstanceOf(SmtpCommand.Invalid.class, CommandParser.parse("AUTH"));
        assertInstanceOf(SmtpCommand.Invalid.class, CommandParser.parse("AUTH PLAIN a b"));
        assertEquals(new SmtpCommand.Bdat(0, true), CommandParser.parse("BDAT 0 LAST"));
        assertEquals(new SmtpCommand.Bdat(1000, false), CommandParser.parse("bdat 1000"));
        assertEquals(new SmtpCommand.Bdat(5, true), CommandParser.parse("BDAT 5 last"));
        assertInstanceOf(SmtpCommand.Invalid.class, CommandParser.parse("BDAT"));
        assertInstanceOf(SmtpCommand.Invalid.class, CommandParser.parse("BDAT -1"));
        assertInstanceOf(SmtpCommand.Invalid.class, CommandParser.parse("BDAT 5 FIRST"));
        assertInstanceOf(SmtpCommand.Invalid.class, CommandParser.parse("BDAT 1234567890123456789"));
    }

    @Test
    void xtext() {
        assertEquals("a+b=c", Xtext.decode("a+2Bb+3Dc"));
        assertEquals("plain", Xtext.decode("plain"));
        assertNull(Xtext.decode("a+2b")); // lower-case hex is not xtext
        assertNull(Xtext.decode("a+2"));
        assertNull(Xtext.decode("a=b"));
        assertNull(Xtext.decode("a b"));
    }

    @Test
    void dsnParameters() {
        assertEquals(QueueEnvelope.Ret.FULL, DsnParser.ret("full"));
        assertNull(DsnParser.ret("BODY"));
        assertEquals(Set.of(QueueEnvelope.Notify.SUCCESS, QueueEnvelope.Notify.DELAY), DsnParser.notify("SUCCESS,delay"));
        assertEquals(Set.of(QueueEnvelope.Notify.NEVER), DsnParser.notify("NEVER"));
        assertNull(DsnParser.notify("NEVER,FAILURE"));
        assertNull(DsnParser.notify("SUCCESS,SUCCESS"));
        assertNull(DsnParser.notify("SUCCESS,"));
        assertEquals(Optional.of("rfc822;a+b@x.test"), DsnParser.orcpt("rfc822;a+2Bb@x.test"));
        assertNull(DsnParser.orcpt("a@x.test"));
        assertNull(DsnParser.orcpt(";a@x.test"));
        assertNull(DsnParser.orcpt("rfc822;"));
        assertEquals("id-1", DsnParser.envid("id-1"));
        assertNull(DsnParser.envid("x".repeat(101)));
    }

    @Test
    void addressChecks() {
        assertTrue(AddressChecks.hasRoutingInLocalPart(new MailPath("a%b.test", "example.test")));
        assertTrue(AddressChecks.hasRoutingInLocalPart(new MailPath("host!a", "example.test")));
        assertTrue(AddressChecks.hasRoutingInLocalPart(new MailPath("\"a@b.test\"", "example.test")));
        assertFalse(AddressChecks.hasRoutingInLocalPart(new MailPath("a.b+c", "example.test")));
        assertTrue(AddressChecks.needsUtf8(new MailPath("jürgen", "example.test")));
        assertTrue(AddressChecks.needsUtf8(new MailPath("a", "bücher.test")));
        assertFalse(AddressChecks.needsUtf8(new MailPath("a", "example.test")));
        assertFalse(AddressChecks.needsUtf8(MailPath.NULL));
    }
}
