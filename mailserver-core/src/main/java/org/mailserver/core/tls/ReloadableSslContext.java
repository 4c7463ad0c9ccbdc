package org.mailserver.core.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

/**
 * The server's TLS context, replaceable while the server runs: every new handshake (STARTTLS, STLS,
 * implicit TLS) takes its engine from the context current at that moment, so a renewed certificate
 * is served without a restart while connections already under TLS keep the engine they began with.
 * Protocols see an ordinary {@link SslContext} and need no change.
 *
 * <p>Threading: {@link #swap} from any thread; engines are created on event loops, never blocking.
 */
public final class ReloadableSslContext extends SslContext {
    private volatile SslContext current;

    public ReloadableSslContext(SslContext initial) {
        super(false);
        if (initial.isClient()) {
            throw new IllegalArgumentException("a server TLS context is needed");
        }
        this.current = initial;
    }

    /** New handshakes use {@code next} from now on; the old context is left to the garbage collector. */
    public void swap(SslContext next) {
        if (next.isClient()) {
            throw new IllegalArgumentException("a server TLS context is needed");
        }
        current = Objects.requireNonNull(next);
    }

    /** The context new handshakes use now. */
    public SslContext current() {
        return current;
    }

    @Override
    public boolean isClient() {
        return false;
    }

    @Override
    public List<String> cipherSuites() {
        return current.cipherSuites();
    }

    @Override
    public long sessionCacheSize() {
        return current.sessionCacheSize();
    }

    @Override
    public long sessionTimeout() {
        return current.sessionTimeout();
    }

    @Override
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        return current.applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return current.newEngine(alloc);
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        return current.newEngine(alloc, peerHost, peerPort);
    }

    @Override
    public SSLSessionContext sessionContext() {
        return current.sessionContext();
    }
}
