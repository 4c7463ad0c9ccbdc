package org.mailserver.core.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The LOGIN mechanism (draft-murchison-sasl-login): the server asks {@code Username:} then
 * {@code Password:}, and the client answers each. An initial response, as Outlook and others send
 * it ({@code AUTH LOGIN dXNlcg==}), is the user name.
 */
public final class SaslLogin implements SaslExchange {
    static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    private String username;
    private boolean done;

    @Override
    public String mechanism() {
        return "LOGIN";
    }

    @Override
    public byte[] initialChallenge() {
        return USERNAME.clone();
    }

    @Override
    public Step step(byte[] response) throws InvalidSaslResponseException {
        if (done) {
            throw new InvalidSaslResponseException("exchange already complete");
        }
        if (username == null) {
            String name = SaslUtf8.string(response, 0, response.length, "user name");
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                throw new InvalidSaslResponseException("invalid user name");
            }
            username = name;
            return new Step.Challenge(PASSWORD.clone());
        }
        try {
            char[] password = SaslUtf8.chars(response, 0, response.length, "password");
            if (password.length == 0) {
                throw new InvalidSaslResponseException("empty password");
            }
            done = true;
            return new Step.Complete(new SaslCredentials(username, password));
        } finally {
            Arrays.fill(response, (byte) 0);
        }
    }
}
