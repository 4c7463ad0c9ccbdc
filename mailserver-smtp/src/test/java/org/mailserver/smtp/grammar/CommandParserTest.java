package org.mailserver.smtp.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandParserTest {

    private static Reply invalid(String line) {
        return assertInstanceOf(SmtpCommand.Invalid.class, CommandParser.parse(line)).reply();
    }

    @Test
    void verbsAreCaseInsensitive() {
        assertEquals(new SmtpCommand.Lhlo("client.example"), CommandParser.parse("lhlo client.example"));
        assertEquals(new SmtpCommand.Ehlo("[192.0.2.1]"), CommandParser.parse("EhLo [192.0.2.1]"));
        assertEquals(new SmtpCommand.Data(), CommandParser.parse("data"));
        assertEquals(new SmtpCommand.StartTls(), CommandParser.parse("STARTTLS"));
        assertEquals(new SmtpCommand.Noop(), CommandParser.parse("NOOP whatever"));
    }

    @Test
    void mailWithParameters() {
        SmtpCommand.Mail m = (SmtpCommand.Mail) CommandParser.parse("MAIL FROM:<a.b@Example.ORG> SIZE=1234 BODY=8bitmime RET=HDRS");
        assertEquals(new MailPath("a.b", "Example.ORG"), m.from());
        assertEquals(1234, m.parameters().size());
        assertEquals(BodyType.EIGHT_BIT_MIME, m.parameters().body());
        assertEquals(Map.of("RET", "HDRS"), m.parameters().others());
        assertEquals("example.org", m.from().domainLowerCase());
    }

    @Test
    void nullSenderSourceRouteQuotedLocalPartAndLiteral() {
        assertTrue(((SmtpCommand.Mail) CommandParser.parse("MAIL FROM:<>")).from().isNull());
        assertEquals(new MailPath("user", "c.example"),
                ((SmtpCommand.Rcpt) CommandParser.parse("RCPT TO:<@a.example,@b.example:user@c.example>")).to());
        assertEquals(new MailPath("\"john doe\"", "x.example"),
                ((SmtpCommand.Rcpt) CommandParser.parse("RCPT TO:<\"john doe\"@x.example>")).to());
        assertEquals(new MailPath("u", "[IPv6:2001:db8::1]"),
                ((SmtpCommand.Rcpt) CommandParser.parse("RCPT TO:<u@[IPv6:2001:db8::1]>")).to());
        assertEquals(new MailPath("Postmaster", ""), ((SmtpCommand.Rcpt) CommandParser.parse("RCPT TO:<Postmaster>")).to());
        assertEquals(new MailPath("a", "b.example"), ((SmtpCommand.Mail) CommandParser.parse("MAIL FROM: <a@b.example>")).from());
    }

    @Test
    void badInputIsRefusedWithItsReply() {
        assertEquals(500, invalid("FOO bar").code());
        assertEquals(501, invalid("MAIL FROM:a@b").code());
        assertEquals(501, invalid("MAIL FROM:<a@b> SIZE=x").code());
        assertEquals(501, invalid("RCPT TO:<>").code());
        assertEquals(501, invalid("RCPT TO:<a@-b.example>").code());
        assertEquals(501, invalid("RCPT TO:<a..b@c>").code());
        assertEquals(501, invalid("RCPT TO:<a@b>junk").code());
        assertEquals(501, invalid("DATA now").code());
        assertEquals(501, invalid("LHLO").code());
        assertEquals(501, invalid("MAIL FROM:<a@b> SIZE=1 SIZE=2").code());
        Reply control = invalid("RCPT TO:<a@b>\rX-Injected: yes");
        assertEquals("5.5.2", control.status().toString());
        assertEquals(500, invalid("HELO a\u0000b").code());
    }

    @Test
    void multiLineReplies() {
        Reply r = new Reply(250, null, List.of("mx.example", "PIPELINING", "8BITMIME"));
        assertEquals("250-mx.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n", ReplyFormatter.format(r));
        assertEquals("550 5.1.1 <x@y>: unknown\r\n",
                ReplyFormatter.format(Reply.of(550, EnhancedStatus.BAD_MAILBOX, "<x@y>: unknown")));
    }
}
