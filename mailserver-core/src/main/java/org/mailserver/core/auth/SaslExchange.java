package org.mailserver.core.auth;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The server side of one SASL authentication exchange (RFC 4422), independent of the protocol that
 * carries it. Protocols do the framing: base64 ({@link SaslBase64}), the continuation prefix
 * ({@code + } in POP3 and SMTP), and cancellation with {@code *}.
 *
 * <p>Call order: {@link #initialChallenge()} when the client sent no initial response, then
 * {@link #step} with each decoded client response until it returns {@link Step.Complete}. A
 * response the mechanism cannot read throws {@link InvalidSaslResponseException} and ends the
 * exchange. Not thread-safe: one exchange belongs to one session.
 */
public interface SaslExchange {

    /** Mechanisms implemented here, in the order they are advertised. */
    List<String> MECHANISMS = List.of("PLAIN", "LOGIN");

    /** Starts an exchange for a mechanism name (case-insensitive), or empty if it is not supported. */
    static Optional<SaslExchange> start(String mechanism) {
        switch (mechanism.toUpperCase(Locale.ROOT)) {
            case "PLAIN":
                return Optional.of(new SaslPlain());
            case "LOGIN":
                return Optional.of(new SaslLogin());
            default:
                return Optional.empty();
        }
    }

    /** The mechanism's name as advertised. */
    String mechanism();

    /** The server's first challenge when the client sent no initial response (empty for PLAIN). */
    byte[] initialChallenge();

    /** Processes one client response. */
    Step step(byte[] response) throws InvalidSaslResponseException;

    /** What happens after a client response. */
    sealed interface Step {
        /** Send this challenge (base64-encoded by the protocol) and wait for another response. */
        record Challenge(byte[] data) implements Step {
        }

        /** The exchange is over; verify these credentials. */
        record Complete(SaslCredentials credentials) implements Step {
        }
    }
}
