package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.directory.AccountStatus;
import org.mailserver.smtp.grammar.EnhancedStatus;
import org.mailserver.smtp.grammar.MailPath;
import org.mailserver.smtp.grammar.Reply;

/** The same engine in its SMTP dialect, as the MX of the next issue will use it, and the hooks. */
class EsmtpDialectTest {
    @TempDir
    Path spool;
    final Fakes.FakeDirectory directory = new Fakes.FakeDirectory()
            .add(Fakes.user("bob", "bob@example.test", AccountStatus.ACTIVE, 0))
            .add(Fakes.user("erin", "erin@example.test", AccountStatus.ACTIVE, 0));
    final Fakes.FakeDelivery store = new Fakes.FakeDelivery();

    @Test
    void ehloHeloAndOneReplyAfterData() throws Exception {
        SmtpHooks hooks = new SmtpHooks() {
            @Override
            public HookVerdict rcpt(SessionInfo session, MailPath from, MailPath to) {
                return to.localPart().equals("erin")
                        ? new HookVerdict.Defer(Reply.of(450, new EnhancedStatus(4, 7, 1), "Greylisted, try again later"))
                        : HookVerdict.CONTINUE;
            }
        };
        try (TestServer server = new TestServer(directory, store, SmtpServerConfig.defaults(Dialect.ESMTP, spool),
                Duration.ofMinutes(5), hooks); Client c = new Client(server.port())) {
            c.transcript("S: 220 mx.example.test ESMTP ready",
                    "C: LHLO client.example", "S: 500 5.5.1 Command unrecognized",
                    "C: HELO client.example", "S: 250 mx.example.test",
                    "C: EHLO client.example", "S: 250-mx.example.test", "S: 250-PIPELINING", "S: 250-SIZE 52428800",
                    "S: 250-ENHANCEDSTATUSCODES", "S: 250-8BITMIME", "S: 250-SMTPUTF8", "S: 250-CHUNKING",
                    "S: 250-BINARYMIME", "S: 250-DSN", "S: 250 STARTTLS",
                    "C: MAIL FROM:<a@remote.test> BODY=8BITMIME", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<erin@example.test>", "S: 450 4.7.1 Greylisted, try again later",
                    "C: DATA", "S: 554 5.5.1 No valid recipients",
                    "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 <bob@example.test> Ok",
                    "C: DATA", "S: 354 ...", "C: Subject: x", "C: ", "C: body", "C: .",
                    "S: 250 2.0.0 Ok: queued as ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
        assertEquals(1, store.of("bob").size());
        assertTrue(new String(store.of("bob").get(0), StandardCharsets.UTF_8).contains(" with ESMTP id "));
    }
}
