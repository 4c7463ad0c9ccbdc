package org.mailserver.core.transport;

import io.netty.channel.Channel;

/**
 * A protocol served on one or more listeners (POP3 on {@code pop3} and {@code pop3s}, ...).
 *
 * <p>The transport installs, in this order, connection limits and implicit TLS when configured; then
 * {@link #initChannel} adds the protocol's own decoder, first, and its session handler; then the
 * transport puts a {@link CommandIdleHandler} right after the decoder. Called on the channel's event loop.
 *
 * <p>The session handler must handle these user events: {@link io.netty.handler.timeout.IdleStateEvent}
 * (write the protocol's timeout reply, then close) and {@link ShutdownRequested} (close at once when
 * no command is in progress, else right after it completes).
 */
public interface Protocol {

    /** Short name used in logs: {@code pop3}, {@code lmtp}. */
    String name();

    /** The line, without CRLF, written to a client refused by the connection limits before closing. */
    String tooManyConnectionsReply();

    /** Adds the protocol's decoder and session handler to a new connection. */
    void initChannel(Channel channel, ListenerConfig listener);
}
