package org.mailserver.smtp.client;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context of opportunistic STARTTLS (RFC 3207; Postfix's {@code smtp_tls_security_level =
 * may}): the certificate is not verified, because MX certificates seldom match and a failed check
 * would otherwise fall back to plain text, which is worse. It still protects against passive
 * eavesdropping. Verified TLS (DANE, MTA-STS) is not implemented.
 */
final class InsecureTls {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private InsecureTls() {
    }

    static SSLContext context() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
