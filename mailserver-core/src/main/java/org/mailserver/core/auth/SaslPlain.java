package org.mailserver.core.auth;

import java.util.Arrays;

/**
 * The PLAIN mechanism (RFC 4616): one client message {@code [authzid] NUL authcid NUL passwd}.
 *
 * <p>Acting for another user is not supported: an authorization identity is accepted only when it
 * is empty or equal to the authentication identity; anything else is rejected before any
 * credentials are checked.
 */
public final class SaslPlain implements SaslExchange {
    private boolean done;

    @Override
    public String mechanism() {
        return "PLAIN";
    }

    @Override
    public byte[] initialChallenge() {
        return new byte[0];
    }

    @Override
    public Step step(byte[] response) throws InvalidSaslResponseException {
        if (done) {
            throw new InvalidSaslResponseException("exchange already complete");
        }
        done = true;
        return new Step.Complete(decode(response));
    }

    /** Decodes a PLAIN message (already base64-decoded). The input array is zeroed afterwards. */
    public static SaslCredentials decode(byte[] message) throws InvalidSaslResponseException {
        try {
            int first = indexOfNul(message, 0);
            int second = first < 0 ? -1 : indexOfNul(message, first + 1);
            if (first < 0 || second < 0 || indexOfNul(message, second + 1) >= 0) {
                throw new InvalidSaslResponseException("PLAIN message must be authzid NUL authcid NUL password");
            }
            String authzid = SaslUtf8.string(message, 0, first, "authorization identity");
            String authcid = SaslUtf8.string(message, first + 1, second, "authentication identity");
            if (authcid.isEmpty() || second + 1 == message.length) {
                throw new InvalidSaslResponseException("empty user name or password");
            }
            if (!authzid.isEmpty() && !authzid.equals(authcid)) {
                throw new InvalidSaslResponseException("authorization identity must be empty or the user's own");
            }
            char[] password = SaslUtf8.chars(message, second + 1, message.length, "password");
            return new SaslCredentials(authcid, password);
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }

    private static int indexOfNul(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
