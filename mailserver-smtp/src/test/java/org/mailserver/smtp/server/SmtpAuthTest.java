package org.mailserver.smtp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailserver.core.testing.PrometheusText;

/** AUTH (RFC 4954) on the submission roles: transcripts over a real socket. */
class SmtpAuthTest extends SmtpTestBase {

    @Test
    void authIsOfferedOnlyUnderTlsAndRefusedBeforeIt() throws Exception {
        try (Client c = connect(SmtpRole.SUBMISSION)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_PLAIN);
            c.transcript(
                    "C: AUTH PLAIN " + plain("bob", "bob-pw"),
                    "S: 538 5.7.11 Encryption required for requested authentication mechanism",
                    "C: MAIL FROM:<bob@example.test>", "S: 530 5.7.0 Authentication required",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
    }

    @Test
    void plainWithInitialResponseThenSecondAuthRefused() throws Exception {
        try (MailLogCapture log = new MailLogCapture(); Client c = connect(SmtpRole.SUBMISSION)) {
            startTls(c);
            c.transcript(
                    "C: MAIL FROM:<bob@example.test>", "S: 530 5.7.0 Authentication required",
                    "C: AUTH PLAIN " + plain("bob", "bob-pw"), "S: 235 2.7.0 Authentication successful",
                    "C: AUTH PLAIN " + plain("bob", "bob-pw"), "S: 503 5.5.1 Already authenticated",
                    "C: MAIL FROM:<bob@example.test>", "S: 250 2.1.0 Ok",
                    "C: RSET", "S: 250 2.0.0 Ok",
                    "C: MAIL FROM:<ROBERT@Example.ORG>", "S: 250 2.1.0 Ok",
                    "C: QUIT", "S: 221 2.0.0 Bye");
            List<String> lines = log.lines("auth");
            assertTrue(lines.stream().anyMatch(l -> l.contains("user=bob") && l.contains("result=ok")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("bob-pw")), "password logged: " + lines);
        }
    }

    @Test
    void plainWithoutInitialResponseAndLoginChallenges() throws Exception {
        try (Client c = connect(SmtpRole.SUBMISSION)) {
            startTls(c);
            c.transcript(
                    "C: AUTH PLAIN", "S: 334 ",
                    "C: " + plain("bob", "wrong"), "S: 535 5.7.8 Authentication credentials invalid",
                    "C: AUTH LOGIN", "S: 334 " + b64("Username:"),
                    "C: " + b64("bob"), "S: 334 " + b64("Password:"),
                    "C: *", "S: 501 5.0.0 Authentication cancelled",
                    "C: AUTH LOGIN " + b64("bob@example.test"), "S: 334 " + b64("Password:"),
                    "C: " + b64("bob-pw"), "S: 235 2.7.0 Authentication successful",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
        // counted under the listener's name; a cancelled exchange tried no credentials
        PrometheusText t = PrometheusText.of(server.metrics);
        assertEquals(1, t.value("mailserver_logins_total", "protocol", "submission", "result", "failure"));
        assertEquals(1, t.value("mailserver_logins_total", "protocol", "submission", "result", "success"));
        assertEquals(0, t.value("mailserver_logins_total", "protocol", "submission", "result", "temporary"));
    }

    @Test
    void badBase64UnknownMechanismAndDirectoryOutage() throws Exception {
        try (Client c = connect(SmtpRole.SUBMISSION)) {
            startTls(c);
            c.transcript(
                    "C: AUTH PLAIN not-base64!", "S: 501 5.5.2 Invalid authentication response",
                    "C: AUTH CRAM-MD5", "S: 504 5.5.4 Unrecognized authentication type");
            directory.down = true;
            c.transcript("C: AUTH PLAIN " + plain("bob", "bob-pw"), "S: 454 4.7.0 Temporary authentication failure");
            directory.down = false;
            c.transcript("C: AUTH PLAIN " + plain("bob", "bob-pw"), "S: 235 2.7.0 Authentication successful");
        }
        PrometheusText t = PrometheusText.of(server.metrics);
        assertEquals(1, t.value("mailserver_logins_total", "protocol", "submission", "result", "temporary"));
        assertEquals(1, t.value("mailserver_logins_total", "protocol", "submission", "result", "success"));
        assertEquals(0, t.value("mailserver_logins_total", "protocol", "submission", "result", "failure"));
    }

    @Test
    void saslResponsesMayBeLongerThanCommandsOnlyDuringTheExchange() throws Exception {
        try (Client c = connect(SmtpRole.SUBMISSION)) {
            startTls(c);
            String longResponse = plain("bob", "x".repeat(6000)); // about 8000 octets: RFC 4954 4 allows 12288
            c.transcript(
                    "C: AUTH PLAIN", "S: 334 ",
                    "C: " + longResponse, "S: 535 5.7.8 Authentication credentials invalid",
                    "C: AUTH PLAIN", "S: 334 ",
                    "C: " + "A".repeat(12287), "S: 500 5.5.6 Authentication exchange line is too long",
                    "C: NOOP", "S: 250 2.0.0 Ok",
                    "C: NOOP " + "x".repeat(600), "S: 500 5.5.2 ...", // the command limit is back
                    "C: AUTH PLAIN " + plain("bob", "bob-pw"), "S: 235 2.7.0 Authentication successful");
        }
    }

    @Test
    void failureIsDelayedByTheThrottle() throws Exception {
        try (Client c = connect(SmtpRole.SUBMISSION)) {
            startTls(c);
            for (int i = 0; i < 3; i++) {
                c.transcript("C: AUTH PLAIN " + plain("bob", "nope"), "S: 535 5.7.8 Authentication credentials invalid");
            }
        }
        // TestServer's throttle: 1 ms per failure, at most 10 ms; the count proves it was consulted
        assertEquals(3, server.context.loginThrottle().failures(java.net.InetAddress.getLoopbackAddress()));
    }

    @Test
    void senderMustBeOneOfTheUsersAddresses() throws Exception {
        try (Client c = connect(SmtpRole.SUBMISSIONS)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_TLS);
            c.transcript(
                    "C: AUTH PLAIN " + plain("bob", "bob-pw"), "S: 235 2.7.0 Authentication successful",
                    "C: MAIL FROM:<erin@example.test>",
                    "S: 553 5.7.1 <erin@example.test>: Sender address rejected: not owned by user bob",
                    "C: MAIL FROM:<bob@EXAMPLE.test>", "S: 250 2.1.0 Ok",
                    "C: RCPT TO:<friend@remote.test>", "S: 250 2.1.5 <friend@remote.test> Ok",
                    "C: RCPT TO:<erin@example.test>", "S: 250 2.1.5 <erin@example.test> Ok",
                    "C: DATA", "S: 354 ...", "C: Subject: out", "C: ", "C: hello", "C: .",
                    "S: 250 2.0.0 Ok: queued as ...",
                    "C: QUIT", "S: 221 2.0.0 Bye");
        }
        assertEquals(1, store.of("erin").size());
        String copy = text(store.of("erin").get(0));
        assertTrue(copy.contains(" with ESMTPSA id "), copy);
        // RFC 5321 4.4: the TLS details as a comment before "by", in Postfix's form
        assertTrue(java.util.regex.Pattern.compile("\\(\\[127\\.0\\.0\\.1\\]\\)\r\n\t\\(using TLSv1\\.[23] with cipher"
                + " TLS_[A-Z0-9_]+ \\((128|256)/(128|256) bits\\)\\)\r\n\tby mx\\.example\\.test with ESMTPSA ")
                .matcher(copy).find(), copy);
        assertFalse(copy.contains("bob-pw"), copy);
        assertEquals(1, queued().size());
        Fakes.FakeQueue.Entry e = queued().get(0);
        assertEquals("bob@EXAMPLE.test", e.envelope().sender());
        assertEquals(List.of("friend@remote.test"), e.envelope().recipients().stream().map(r -> r.address()).toList());
        assertFalse(e.envelope().recipients().get(0).local());
        assertTrue(e.text().startsWith("Received: from client.example"), e.text());
        assertTrue(e.text().contains("\t(using TLSv1."), e.text());
        assertFalse(e.text().contains("Return-Path"), "a relay adds no Return-Path (RFC 5321 4.4)");
    }

    @Test
    void startTlsForgetsAnEarlierLogin() throws Exception {
        try (Client c = connect(SmtpRole.SUBMISSIONS)) {
            c.transcript("C: EHLO client.example");
            c.transcript(EHLO_TLS);
            c.transcript("C: STARTTLS", "S: 503 5.5.1 TLS already active",
                    "C: MAIL FROM:<bob@example.test>", "S: 530 5.7.0 Authentication required",
                    "C: HELO client.example", "S: 250 mx.example.test",
                    "C: AUTH PLAIN " + plain("bob", "bob-pw"), "S: 503 5.5.1 Bad sequence of commands: send EHLO first");
        }
    }
}
