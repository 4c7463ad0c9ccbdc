package org.mailserver.smtp.queue;

import org.mailserver.smtp.client.ClientDialect;

/**
 * Where to send mail for a domain, from the transport map: {@code smtp:[host]:port} (no MX lookup,
 * because of the brackets), {@code smtp:host:port} (MX lookup of host), {@code lmtp:[host]:port}.
 *
 * @param dialect SMTP or LMTP
 * @param host the host name or address literal; empty means "the recipient's domain" ({@code smtp:})
 * @param port the port, 25 (SMTP) or 24 (LMTP) when not given
 * @param mxLookup false when the host was in brackets
 */
public record NextHop(ClientDialect dialect, String host, int port, boolean mxLookup) {

    /** The key that groups deliveries sharing connections and the per-destination limit. */
    String key(String recipientDomain) {
        String h = host.isEmpty() ? recipientDomain : host;
        return dialect.name().toLowerCase() + ":" + (mxLookup ? h : "[" + h + "]") + ":" + port;
    }
}
