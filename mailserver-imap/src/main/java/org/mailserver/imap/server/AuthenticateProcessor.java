package org.mailserver.imap.server;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.mailserver.core.auth.InvalidSaslResponseException;
import org.mailserver.core.auth.SaslBase64;
import org.mailserver.core.auth.SaslExchange;
import org.mailserver.imap.grammar.ImapCommand;
import org.mailserver.imap.grammar.Segment;

/**
 * AUTHENTICATE (RFC 3501 6.2.2) with SASL-IR (RFC 4959) and the mechanisms of {@link SaslExchange}.
 * Each challenge is {@code + base64}; the client's next line is its response, {@code *} cancels
 * ({@code BAD}), and a response that is not canonical base64 ends the exchange with {@code BAD}.
 */
final class AuthenticateProcessor implements Processor<ImapCommand.Authenticate> {

    @Override
    public void process(ImapSession s, ImapCommand.Authenticate command) {
        if (!s.loginAllowed()) {
            s.no(command, "[PRIVACYREQUIRED] use STARTTLS or port 993 before logging in");
            return;
        }
        Optional<SaslExchange> exchange = SaslExchange.start(command.mechanism());
        if (exchange.isEmpty()) {
            s.no(command, "unsupported authentication mechanism");
            return;
        }
        SaslExchange x = exchange.get();
        String initial = command.initialResponse();
        if (initial == null) {
            challenge(s, command, x, x.initialChallenge());
            return;
        }
        if ("*".equals(initial)) {
            s.bad(command, "authentication cancelled");
            return;
        }
        try {
            step(s, command, x, SaslBase64.decodeInitialResponse(initial));
        } catch (InvalidSaslResponseException e) {
            s.bad(command, e.getMessage());
        }
    }

    private static void challenge(ImapSession s, ImapCommand command, SaslExchange x, byte[] data) {
        s.write("+ " + SaslBase64.encode(data) + "\r\n");
        s.expectContinuation(frame -> respond(s, command, x, frame));
        s.await();
    }

    /** The client's answer to a challenge: one line that is not a command. */
    private static void respond(ImapSession s, ImapCommand command, SaslExchange x, ImapFrame frame) {
        if (frame.segments().size() != 1 || !(frame.segments().get(0) instanceof Segment.Text text)) {
            s.bad(command, "a SASL response is one line; authentication cancelled");
            return;
        }
        String line = new String(text.bytes(), StandardCharsets.US_ASCII).trim();
        if ("*".equals(line)) {
            s.bad(command, "authentication cancelled"); // RFC 3501 6.2.2
            return;
        }
        try {
            step(s, command, x, SaslBase64.decode(line));
        } catch (InvalidSaslResponseException e) {
            s.bad(command, e.getMessage());
        }
    }

    private static void step(ImapSession s, ImapCommand command, SaslExchange x, byte[] response)
            throws InvalidSaslResponseException {
        SaslExchange.Step next = x.step(response);
        if (next instanceof SaslExchange.Step.Challenge c) {
            challenge(s, command, x, c.data());
        } else {
            SaslExchange.Step.Complete done = (SaslExchange.Step.Complete) next;
            ImapLogin.login(s, command, done.credentials().authcid(), done.credentials().password(),
                    "AUTHENTICATE-" + x.mechanism());
        }
    }
}
