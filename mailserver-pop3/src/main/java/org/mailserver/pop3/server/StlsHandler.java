package org.mailserver.pop3.server;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.util.Set;
import org.mailserver.core.transport.LineDecoder;
import org.mailserver.pop3.grammar.Pop3Command;
import org.mailserver.pop3.grammar.Pop3Reply;

/**
 * STLS (RFC 2595 4). After {@code +OK} the next byte from the client starts the TLS handshake; any
 * plaintext pipelined after STLS is dropped, as it could have been injected by a man in the middle.
 */
final class StlsHandler implements CommandHandler<Pop3Command.Stls> {

    @Override
    public Set<Pop3State> states() {
        return Set.of(Pop3State.AUTHORIZATION);
    }

    /** Offered when a TLS context is configured and the connection is not already under TLS. */
    static boolean available(Pop3Session s) {
        return s.context().tls() != null && !s.tls();
    }

    @Override
    public void handle(Pop3Session s, Pop3Command.Stls command) {
        if (!available(s)) {
            s.reply(Pop3Reply.err(s.tls() ? "already under TLS" : "STLS not available"));
            return;
        }
        ChannelPipeline pipeline = s.channel().pipeline();
        LineDecoder decoder = pipeline.get(LineDecoder.class);
        if (decoder != null) {
            decoder.discardBuffered();
        }
        Pop3Dispatcher dispatcher = pipeline.get(Pop3Dispatcher.class);
        if (dispatcher != null) {
            dispatcher.discardQueued();
        }
        // RFC 2595 4: state from before TLS is not trusted afterwards.
        s.pendingUser(null);
        // startTls=true: the +OK below is still sent in plaintext, everything after it is TLS.
        SslHandler ssl = new SslHandler(s.context().tls().newEngine(s.channel().alloc()), true);
        pipeline.addFirst("tls", ssl);
        ssl.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                s.channel().close();
            }
        });
        s.reply(Pop3Reply.ok("begin TLS negotiation"));
    }
}
