package org.mailserver.core.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProtocols;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server's TLS context: TLS 1.3 and 1.2 only (RFC 8996 deprecates older versions), from the
 * configured PEM files, or from a self-signed pair generated once into {@code <data.dir>/tls}.
 */
public final class TlsContexts {
    /**
     * Mozilla's "intermediate" set (server-side TLS guidelines, version 5): TLS 1.3's suites, and for
     * TLS 1.2 only forward-secret key exchange (ECDHE, DHE) with an AEAD cipher. Leaves out what the
     * JDK would otherwise also offer: static-RSA key exchange (no forward secrecy) and CBC with SHA-1.
     * Every client of the last ten years has one of these; suites this JVM lacks are skipped.
     */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    /** Loads {@code cert}/{@code key}, or generates (once) and loads a self-signed pair for {@code hostname}. */
    public static SslContext server(Optional<Path> cert, Optional<Path> key, Path dataDir, String hostname)
            throws IOException {
        Path certFile;
        Path keyFile;
        if (cert.isPresent() && key.isPresent()) {
            certFile = cert.get();
            keyFile = key.get();
        } else {
            Path dir = dataDir.resolve("tls");
            certFile = dir.resolve("selfsigned-cert.pem");
            keyFile = dir.resolve("selfsigned-key.pem");
            if (!Files.exists(certFile) || !Files.exists(keyFile)) {
                SelfSignedCertificates.generate(hostname, certFile, keyFile);
            }
            LOG.warn("**************************************************************************");
            LOG.warn("tls.cert and tls.key are not set: using the SELF-SIGNED certificate {}", certFile);
            LOG.warn("Mail clients will warn about it; set tls.cert and tls.key for production.");
            LOG.warn("**************************************************************************");
        }
        try {
            return SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
                    .protocols(SslProtocols.TLS_v1_3, SslProtocols.TLS_v1_2)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot load TLS certificate " + certFile + " and key " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }
}
