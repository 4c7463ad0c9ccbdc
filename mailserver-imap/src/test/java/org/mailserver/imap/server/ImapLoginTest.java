package org.mailserver.imap.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LOGIN, AUTHENTICATE and CAPABILITY (RFC 3501 6.1.1, 6.2.2, 6.2.3; RFC 4959 SASL-IR; RFC 5530 codes). */
class ImapLoginTest extends ImapServerTestBase {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void capabilityBeforeLoginOffersStartTlsAndSaslOnLoopback() throws Exception {
        ImapLineClient c = connect();
        List<String> got = c.command("a1", "CAPABILITY");
        Transcript.check(got, "* CAPABILITY IMAP4rev1 {}", "a1 OK {}");
        List<String> caps = List.of(got.get(0).split(" "));
        assertTrue(caps.containsAll(List.of("STARTTLS", "AUTH=PLAIN", "AUTH=LOGIN", "SASL-IR", "LITERAL+", "IDLE")), got.get(0));
        assertFalse(caps.contains("LOGINDISABLED"), "loopback counts as secure: " + got.get(0));
    }

    @Test
    void loginAnswersWithTheCapabilitiesOfTheAuthenticatedState() throws Exception {
        ImapLineClient c = connect();
        List<String> got = c.command("a1", "LOGIN bob bob-Secret2");
        Transcript.check(got, "a1 OK [CAPABILITY IMAP4rev1 {}] {}");
        List<String> caps = List.of(got.get(0).replace("]", " ").split(" "));
        assertTrue(caps.containsAll(List.of("UIDPLUS", "MOVE", "IDLE", "SPECIAL-USE", "LIST-STATUS", "ESEARCH")), got.get(0));
        assertFalse(caps.contains("STARTTLS") || caps.contains("AUTH=PLAIN"), "no login capabilities after login: " + got);
        play(c, """
                C: a2 CAPABILITY
                S: * CAPABILITY IMAP4rev1 {}UIDPLUS{}
                S: a2 OK {}
                C: a3 LOGIN bob bob-Secret2
                S: a3 BAD {}
                C: a4 SELECT INBOX
                S: * FLAGS ({})
                S: * OK [PERMANENTFLAGS ({})] {}
                S: * 0 EXISTS
                S: * 0 RECENT
                S: * OK [UIDVALIDITY {}] {}
                S: * OK [UIDNEXT 1] {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a4 OK [READ-WRITE] {}
                """);
    }

    @Test
    void wrongPasswordIsAuthenticationFailedAndTheStateStays() throws Exception {
        ImapLineClient c = connect();
        play(c, """
                C: a1 LOGIN bob wrong-password
                S: a1 NO [AUTHENTICATIONFAILED] {}
                C: a2 SELECT INBOX
                S: a2 BAD {}
                C: a3 LOGIN nosuchuser whatever
                S: a3 NO [AUTHENTICATIONFAILED] {}
                C: a4 LOGIN bob bob-Secret2
                S: a4 OK [CAPABILITY {}] {}
                """);
    }

    @Test
    void disabledAccountIsAuthorizationFailed() throws Exception {
        play(connect(), """
                C: a1 LOGIN dave dave-Secret4
                S: a1 NO [AUTHORIZATIONFAILED] {}
                C: a2 NOOP
                S: a2 OK {}
                """);
    }

    @Test
    void loginTakesQuotedStringsAndLiterals() throws Exception {
        play(connect(), """
                C: a1 LOGIN "bob" {11}
                S: + {}
                C: bob-Secret2
                S: a1 OK [CAPABILITY {}] {}
                """);
        play(connect(), """
                C: b1 LOGIN {5+}
                C: alice "alice-Secret1"
                S: b1 OK [CAPABILITY {}] {}
                """);
    }

    @Test
    void authenticatePlainWithInitialResponse() throws Exception {
        play(connect(), """
                C: a1 AUTHENTICATE PLAIN %s
                S: a1 OK [CAPABILITY {}] {}
                C: a2 SELECT INBOX
                S: {}
                S: {}
                S: * 0 EXISTS
                S: {}
                S: {}
                S: {}
                S: * OK [HIGHESTMODSEQ {}] {}
                S: a2 OK [READ-WRITE] {}
                """.formatted(b64("\0bob\0bob-Secret2")));
    }

    @Test
    void authenticatePlainWithAnEmptyChallenge() throws Exception {
        play(connect(), """
                C: a1 AUTHENTICATE PLAIN
                S: +{}
                C: %s
                S: a1 OK [CAPABILITY {}] {}
                """.formatted(b64("\0alice\0alice-Secret1")));
    }

    @Test
    void authenticateLoginAsksForNameAndPassword() throws Exception {
        play(connect(), """
                C: a1 AUTHENTICATE LOGIN
                S: + VXNlcm5hbWU6
                C: %s
                S: + UGFzc3dvcmQ6
                C: %s
                S: a1 OK [CAPABILITY {}] {}
                """.formatted(b64("bob"), b64("bob-Secret2")));
    }

    @Test
    void authenticateWrongPasswordCancelGarbageAndUnknownMechanism() throws Exception {
        // a5: RFC 4616 2, bob may not act as alice: the exchange fails (here as a bad response)
        play(connect(), """
                C: a1 AUTHENTICATE PLAIN %s
                S: a1 NO [AUTHENTICATIONFAILED] {}
                C: a2 AUTHENTICATE PLAIN
                S: +{}
                C: *
                S: a2 BAD {}
                C: a3 AUTHENTICATE PLAIN
                S: +{}
                C: !!!not base64!!!
                S: a3 BAD {}
                C: a4 AUTHENTICATE CRAM-MD5
                S: a4 NO {}
                C: a5 AUTHENTICATE PLAIN %s
                S: a5 BAD {}
                C: a6 LOGIN bob bob-Secret2
                S: a6 OK [CAPABILITY {}] {}
                """.formatted(b64("\0bob\0nope"), b64("alice\0bob\0bob-Secret2")));
    }

    @Test
    void loginOverImplicitTls() throws Exception {
        ImapLineClient c = closeLater(ImapLineClient.tls(server.tlsPort()));
        play(c, """
                S: * OK [CAPABILITY IMAP4rev1 {}] {}
                C: a1 CAPABILITY
                S: * CAPABILITY IMAP4rev1 {}AUTH=PLAIN{}
                S: a1 OK {}
                C: a2 STARTTLS
                S: a2 BAD {}
                C: a3 LOGIN bob bob-Secret2
                S: a3 OK [CAPABILITY {}] {}
                C: a4 LOGOUT
                S: * BYE {}
                S: a4 OK {}
                """);
        assertTrue(c.secure());
    }

    @Test
    void loginAfterStartTls() throws Exception {
        ImapLineClient c = connect();
        play(c, """
                C: a1 STARTTLS
                S: a1 OK {}
                """);
        c.startTls();
        List<String> caps = c.command("a2", "CAPABILITY");
        Transcript.check(caps, "* CAPABILITY IMAP4rev1 {}AUTH=PLAIN{}", "a2 OK {}");
        assertFalse(caps.get(0).contains("STARTTLS"), "no STARTTLS under TLS: " + caps);
        play(c, """
                C: a3 LOGIN bob bob-Secret2
                S: a3 OK [CAPABILITY {}] {}
                """);
    }
}
