package org.mailserver.smtp.server;

import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Supplier;
import org.mailserver.core.delivery.LocalDelivery;
import org.mailserver.core.delivery.OutboundQueue;
import org.mailserver.core.transport.ListenerConfig;
import org.mailserver.core.transport.Protocol;
import org.mailserver.core.transport.ServerContext;

/**
 * SMTP (RFC 5321) in one {@link SmtpRole}: the MX on {@code smtp.listen}, message submission on
 * {@code submission.listen} (STARTTLS, then AUTH) and on {@code submissions.listen} (implicit TLS,
 * RFC 8314: the transport has added the TLS handler before {@link #initChannel}). One instance per
 * role; each may serve several listeners.
 *
 * <p>Local recipients are delivered through {@link LocalDelivery} before the reply; everything
 * else (relayed recipients, forwards, auto-replies, local copies that must be retried) goes into
 * the {@link OutboundQueue}.
 */
public final class SmtpProtocol implements Protocol {
    private final ServerContext server;
    private final LocalDelivery delivery;
    private final OutboundQueue queue;
    private final SmtpServerConfig config;
    private final SmtpRole role;
    private final Supplier<? extends SmtpHooks> hooks;

    /**
     * @param config must be of {@link Dialect#ESMTP}; its spool directory is created if missing
     * @param hooks the filter chain's hook points, {@link SmtpHooks#NONE} for none
     */
    public SmtpProtocol(ServerContext server, LocalDelivery delivery, OutboundQueue queue, SmtpServerConfig config,
                        SmtpRole role, SmtpHooks hooks) {
        this(server, delivery, queue, config, role, () -> hooks);
    }

    /**
     * As above with hooks the daemon may replace on reload: read once per connection, so a session
     * keeps the filters it began with and the next connection gets the new ones.
     */
    public SmtpProtocol(ServerContext server, LocalDelivery delivery, OutboundQueue queue, SmtpServerConfig config,
                        SmtpRole role, Supplier<? extends SmtpHooks> hooks) {
        if (config.dialect() != Dialect.ESMTP) {
            throw new IllegalArgumentException("SMTP needs the ESMTP dialect");
        }
        if (role.requiresAuth() && server.tls() == null) {
            throw new IllegalArgumentException(role.listenerName() + " needs TLS: AUTH is only offered over TLS");
        }
        try {
            Files.createDirectories(config.spoolDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool directory " + config.spoolDir(), e);
        }
        this.server = server;
        this.delivery = delivery;
        this.queue = queue;
        this.config = config;
        this.role = role;
        this.hooks = hooks;
    }

    public SmtpRole role() {
        return role;
    }

    @Override
    public String name() {
        return role.listenerName();
    }

    @Override
    public String tooManyConnectionsReply() {
        return "421 4.7.0 " + server.hostname() + " Too many connections, try again later";
    }

    @Override
    public void initChannel(Channel channel, ListenerConfig listener) {
        SmtpPipeline.init(channel, listener, server, delivery, queue, config, role, hooks.get());
    }
}
