package org.mailserver.lmtp;

import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.Protocol;
import org.mailserver.core.transport.ServerContext;
import org.mailserver.smtp.server.Dialect;
import org.mailserver.smtp.server.SmtpHooks;
import org.mailserver.smtp.server.SmtpPipeline;
import org.mailserver.smtp.server.SmtpServerConfig;

/**
 * LMTP (RFC 2033): the SMTP engine of {@code mailserver-smtp} with LHLO as its only greeting, one
 * reply per accepted recipient after DATA, and {@code with LMTP} in the Received header. It enters
 * the message path at the end of data (STYLE.md): no relaying, local recipients only.
 */
public final class LmtpProtocol implements Protocol {
    private final ServerContext server;
    private final LocalDelivery delivery;
    private final SmtpServerConfig config;
    private final SmtpHooks hooks;

    /** With the default limits (50 MB messages); {@code spoolDir} is created if missing. */
    public LmtpProtocol(ServerContext server, LocalDelivery delivery, Path spoolDir) {
        this(server, delivery, spoolDir, SmtpServerConfig.DEFAULT_MAX_MESSAGE_SIZE);
    }

    /** {@code maxMessageSize} in octets, advertised as SIZE (RFC 1870). */
    public LmtpProtocol(ServerContext server, LocalDelivery delivery, Path spoolDir, long maxMessageSize) {
        this(server, delivery, SmtpServerConfig.defaults(Dialect.LMTP, spoolDir).withMaxMessageSize(maxMessageSize),
                SmtpHooks.NONE);
    }

    /** Full control, for the daemon once the filter chain exists, and for tests. */
    public LmtpProtocol(ServerContext server, LocalDelivery delivery, SmtpServerConfig config, SmtpHooks hooks) {
        if (config.dialect() != Dialect.LMTP) {
            throw new IllegalArgumentException("LMTP needs the LMTP dialect");
        }
        try {
            Files.createDirectories(config.spoolDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool directory " + config.spoolDir(), e);
        }
        this.server = server;
        this.delivery = delivery;
        this.config = config;
        this.hooks = hooks;
    }

    @Override
    public String name() {
        return "lmtp";
    }

    @Override
    public String tooManyConnectionsReply() {
        return "421 4.7.0 " + server.hostname() + " Too many connections, try again later";
    }

    @Override
    public void initChannel(Channel channel, ListenerConfig listener) {
        SmtpPipeline.init(channel, listener, server, delivery, config, hooks);
    }
}
