package org.mailserver.smtp.server;

import io.netty.channel.Channel;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.ServerContext;

/** Adds the engine's handlers to a new connection: decoder, reply encoder, session. */
public final class SmtpPipeline {
    /** RFC 5321 4.5.3.1.4: a command line is at most 512 octets with its CRLF. */
    public static final int COMMAND_LINE_LIMIT = 512;

    private SmtpPipeline() {
    }

    public static void init(Channel channel, ListenerConfig listener, ServerContext server, LocalDelivery delivery,
                            SmtpServerConfig config, SmtpHooks hooks) {
        int limit = listener.maxLineLength() > 0 ? listener.maxLineLength() : COMMAND_LINE_LIMIT;
        SmtpDecoder decoder = new SmtpDecoder(limit);
        channel.pipeline().addLast("smtp-decoder", decoder);
        channel.pipeline().addLast("smtp-encoder", ReplyEncoder.INSTANCE);
        channel.pipeline().addLast("smtp-session", new SmtpSession(server, delivery, config, hooks, decoder));
    }
}
