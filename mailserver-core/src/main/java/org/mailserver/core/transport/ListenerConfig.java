package org.mailserver.core.transport;

import java.time.Duration;

/**
 * One listening socket and its limits.
 *
 * @param name the configuration name ({@code pop3}, {@code pop3s}, {@code lmtp}, ...)
 * @param host address to bind
 * @param port port to bind
 * @param implicitTls TLS from the first byte (RFC 8314), as on 465, 993, 995
 * @param maxConnections connections in total on this listener
 * @param maxConnectionsPerAddress connections from one client address
 * @param idleTimeout how long a client may send nothing before it is told and disconnected
 * @param maxLineLength longest command line, CRLF included, answered with a protocol error past it
 */
public record ListenerConfig(String name, String host, int port, boolean implicitTls, int maxConnections,
                             int maxConnectionsPerAddress, Duration idleTimeout, int maxLineLength) {
}
