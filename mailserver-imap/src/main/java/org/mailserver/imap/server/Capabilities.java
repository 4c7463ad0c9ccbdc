package org.mailserver.imap.server;

import org.mailserver.core.auth.SaslExchange;

/** The CAPABILITY list for a session's state (RFC 3501 7.2.1); only what is carried out is named. */
final class Capabilities {
    /** Extensions in every state. */
    private static final String BASE = "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT BINARY SEARCHRES ESEARCH"
            + " CONDSTORE QRESYNC";

    private Capabilities() {
    }

    /** Without the leading {@code CAPABILITY}. */
    static String of(ImapSession s) {
        StringBuilder out = new StringBuilder(BASE);
        if (s.state() == ImapState.NOT_AUTHENTICATED) {
            if (StartTlsProcessor.available(s)) {
                out.append(" STARTTLS");
            }
            if (s.loginAllowed()) {
                for (String mechanism : SaslExchange.MECHANISMS) {
                    out.append(" AUTH=").append(mechanism);
                }
            } else {
                out.append(" LOGINDISABLED"); // RFC 3501 6.2.3
            }
        } else {
            out.append(Extensions.afterLogin(s));
        }
        return out.toString();
    }
}
