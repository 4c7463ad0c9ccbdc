package org.mailserver.smtp.server;

import io.netty.channel.Channel;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.OutboundQueue;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.ServerContext;

/** Adds the engine's handlers to a new connection: decoder, reply encoder, session. */
public final class SmtpPipeline {
    /** RFC 5321 4.5.3.1.4: a command line is at most 512 octets with its CRLF. */
    public static final int COMMAND_LINE_LIMIT = 512;

    private SmtpPipeline() {
    }

    /** LMTP, or SMTP as an MX without an outbound queue (local recipients only). */
    public static void init(Channel channel, ListenerConfig listener, ServerContext server, LocalDelivery delivery,
                            SmtpServerConfig config, SmtpHooks hooks) {
        init(channel, listener, server, delivery, null, config,
                config.dialect() == Dialect.ESMTP ? SmtpRole.MX : null, hooks);
    }

    /** SMTP in {@code role}, with the outbound queue for relayed, forwarded and retried copies. */
    public static void init(Channel channel, ListenerConfig listener, ServerContext server, LocalDelivery delivery,
                            OutboundQueue queue, SmtpServerConfig config, SmtpRole role, SmtpHooks hooks) {
        int limit = listener.maxLineLength() > 0 ? listener.maxLineLength() : COMMAND_LINE_LIMIT;
        SmtpDecoder decoder = new SmtpDecoder(limit);
        channel.pipeline().addLast("smtp-decoder", decoder);
        channel.pipeline().addLast("smtp-encoder", ReplyEncoder.INSTANCE);
        channel.pipeline().addLast("smtp-session", new SmtpSession(server, delivery, queue, config, role, hooks, decoder));
    }
}
