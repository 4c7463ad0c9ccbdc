package org.mailserver.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {

    @Test
    void generatesASelfSignedPairOnceAndOffersOnlyTls12And13(@TempDir Path data) throws IOException {
        SslContext ctx = TlsContexts.server(Optional.empty(), Optional.empty(), data, "mx.example.test");
        Path cert = data.resolve("tls/selfsigned-cert.pem");
        Path key = data.resolve("tls/selfsigned-key.pem");
        assertTrue(Files.readString(cert).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        SSLEngine engine = ctx.newEngine(ByteBufAllocator.DEFAULT);
        assertEquals(Set.of("TLSv1.2", "TLSv1.3"), Set.of(engine.getEnabledProtocols()));
        long modified = Files.getLastModifiedTime(cert).toMillis();
        TlsContexts.server(Optional.empty(), Optional.empty(), data, "mx.example.test");
        assertEquals(modified, Files.getLastModifiedTime(cert).toMillis(), "generated again");
    }

    @Test
    void configuredFilesAreUsedAndABadOneIsAClearError(@TempDir Path dir) throws IOException {
        SelfSignedCertificates.generate("a.example", dir.resolve("c.pem"), dir.resolve("k.pem"));
        SslContext ctx = TlsContexts.server(Optional.of(dir.resolve("c.pem")), Optional.of(dir.resolve("k.pem")),
                dir, "ignored");
        assertTrue(ctx.isServer());
        Files.writeString(dir.resolve("bad.pem"), "not a certificate\n");
        IOException e = assertThrows(IOException.class, () -> TlsContexts.server(
                Optional.of(dir.resolve("bad.pem")), Optional.of(dir.resolve("k.pem")), dir, "x"));
        assertTrue(e.getMessage().contains("bad.pem"), e.getMessage());
    }
}
