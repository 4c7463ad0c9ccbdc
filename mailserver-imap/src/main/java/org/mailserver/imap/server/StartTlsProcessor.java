package org.mailserver.imap.server;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import org.mailserver.imap.grammar.ImapCommand;

/**
 * STARTTLS (RFC 3501 6.2.1). After the tagged OK the next byte from the client starts the TLS
 * handshake; anything pipelined after STARTTLS is dropped, as a man in the middle could have put it
 * there (RFC 3501 11.1; the CVE-2011-0411 class of attacks).
 */
final class StartTlsProcessor implements Processor<ImapCommand.StartTls> {

    /** Offered when a TLS context is configured and the connection is not already under TLS. */
    static boolean available(ImapSession s) {
        return s.context().tls() != null && !s.tls();
    }

    @Override
    public void process(ImapSession s, ImapCommand.StartTls command) {
        if (!available(s)) {
            s.bad(command, s.tls() ? "already under TLS" : "STARTTLS not available");
            return;
        }
        ChannelPipeline pipeline = s.channel().pipeline();
        ImapDecoder decoder = pipeline.get(ImapDecoder.class);
        if (decoder != null) {
            decoder.discardBuffered();
        }
        ImapDispatcher dispatcher = pipeline.get(ImapDispatcher.class);
        if (dispatcher != null) {
            dispatcher.discardQueued();
        }
        // startTls=true: the OK below still goes out in plaintext, everything after it is TLS.
        SslHandler ssl = new SslHandler(s.context().tls().newEngine(s.channel().alloc()), true);
        pipeline.addFirst("tls", ssl);
        ssl.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                s.channel().close();
            }
        });
        s.tagged(command.tag(), "OK begin TLS negotiation now");
    }
}
