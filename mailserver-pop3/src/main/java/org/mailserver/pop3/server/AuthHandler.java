package org.mailserver.pop3.server;

import java.util.Optional;
import java.util.Set;
import org.mailserver.core.auth.InvalidSaslResponseException;
import org.mailserver.core.auth.SaslBase64;
import org.mailserver.core.auth.SaslExchange;
import org.mailserver.core.transport.LineDecoder;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/**
 * AUTH (RFC 5034 4) with the mechanisms of {@link SaslExchange}, initial response included.
 *
 * <p>Each challenge is sent as {@code + base64}; the client's next line is its response, not a
 * command. {@code *} cancels, and a response that is not canonical base64 ends the exchange with
 * {@code -ERR}. {@code AUTH} without a mechanism lists the mechanisms, as older clients expect.
 */
final class AuthHandler implements CommandHandler<Pop3Command.Auth> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.AUTHORIZATION);
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Auth command) {
        if (command.mechanism().isEmpty()) {
            s.reply(Pop3Reply.ok("SASL mechanisms follow", SaslExchange.MECHANISMS));
            return;
        }
        if (!s.loginAllowed()) {
            s.reply(Pop3Login.PLAINTEXT_REFUSED); // PLAIN and LOGIN carry the password as it is
            return;
        }
        Optional<SaslExchange> exchange = SaslExchange.start(command.mechanism().get());
        if (exchange.isEmpty()) {
            s.reply(Pop3Reply.err("unsupported authentication mechanism"));
            return;
        }
        s.pendingUser(null);
        SaslExchange x = exchange.get();
        if (command.initialResponse().isEmpty()) {
            challenge(s, x, x.initialChallenge());
            return;
        }
        String initial = command.initialResponse().get();
        if ("*".equals(initial)) {
            s.reply(Pop3Reply.err("authentication cancelled"));
            return;
        }
        try {
            step(s, x, SaslBase64.decodeInitialResponse(initial));
        } catch (InvalidSaslResponseException e) {
            s.reply(Pop3Reply.err(e.getMessage()));
        }
    }

    private static void challenge(Pop3Session s, SaslExchange x, byte[] data) {
        s.write(Pop3Reply.challenge(SaslBase64.encode(data)));
        s.expectContinuation(line -> respond(s, x, line));
        s.finish();
    }

    /** The client's answer to a challenge: a line that is not a command. */
    private static void respond(Pop3Session s, SaslExchange x, Object line) {
        if (line == LineDecoder.TOO_LONG) {
            s.reply(Pop3Reply.err("line too long, authentication cancelled"));
        } else if ("*".equals(line)) {
            s.reply(Pop3Reply.err("authentication cancelled"));
        } else {
            try {
                step(s, x, SaslBase64.decode((String) line));
            } catch (InvalidSaslResponseException e) {
                s.reply(Pop3Reply.err(e.getMessage()));
            }
        }
    }

    private static void step(Pop3Session s, SaslExchange x, byte[] response) throws InvalidSaslResponseException {
        SaslExchange.Step next = x.step(response);
        if (next instanceof SaslExchange.Step.Challenge c) {
            challenge(s, x, c.data());
        } else {
            SaslExchange.Step.Complete done = (SaslExchange.Step.Complete) next;
            Pop3Login.login(s, done.credentials().authcid(), done.credentials().password(), "AUTH-" + x.mechanism());
        }
    }
}
