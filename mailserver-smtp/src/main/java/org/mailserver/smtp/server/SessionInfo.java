package org.mailserver.smtp.server;

import java.net.InetSocketAddress;

/**
 * What is known about a connection, as hooks and trace headers see it. Immutable: the session
 * makes a new one when HELO, STARTTLS or AUTH changes it.
 *
 * @param client the client's address
 * @param helo the HELO/EHLO/LHLO argument, null before it
 * @param extended EHLO or LHLO was used (not HELO)
 * @param tls the connection is encrypted (STARTTLS or implicit TLS)
 * @param authenticated the login (uid) of a successful AUTH (RFC 4954), null before it
 * @param tlsDetails the TLS protocol and cipher once the handshake is done, as the Received header
 *     shows them ({@code TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)}); else null
 */
public record SessionInfo(InetSocketAddress client, String helo, boolean extended, boolean tls, String authenticated,
                          String tlsDetails) {

    public SessionInfo(InetSocketAddress client, String helo, boolean extended, boolean tls) {
        this(client, helo, extended, tls, null, null);
    }

    public SessionInfo(InetSocketAddress client, String helo, boolean extended, boolean tls, String authenticated) {
        this(client, helo, extended, tls, authenticated, null);
    }

    public SessionInfo withHelo(String name, boolean ext) {
        return new SessionInfo(client, name, ext, tls, authenticated, tlsDetails);
    }

    /** After STARTTLS (RFC 3207 4.2): encrypted, and the client must greet again. */
    public SessionInfo afterStartTls() {
        return new SessionInfo(client, null, false, true, null, null);
    }

    /** After a successful AUTH (RFC 4954 4). */
    public SessionInfo withAuthenticated(String login) {
        return new SessionInfo(client, helo, extended, tls, login, tlsDetails);
    }

    /** Once the TLS handshake is done; see {@link #tlsDetails()}. */
    public SessionInfo withTlsDetails(String details) {
        return new SessionInfo(client, helo, extended, tls, authenticated, details);
    }

    /** {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 4.1.3). */
    public String clientLiteral() {
        if (client == null || client.getAddress() == null) {
            return "[unknown]";
        }
        String ip = client.getAddress().getHostAddress();
        int zone = ip.indexOf('%');
        if (zone >= 0) {
            ip = ip.substring(0, zone);
        }
        return ip.indexOf(':') >= 0 ? "[IPv6:" + ip + "]" : "[" + ip + "]";
    }
}
