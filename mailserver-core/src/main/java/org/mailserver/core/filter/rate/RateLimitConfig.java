package org.mailserver.core.filter.rate;

import java.util.Optional;
import org.mailserver.core.config.Settings;

/**
 * {@code filter.rate.*}: how many connections and messages one client address may make per minute
 * (what Postfix's anvil enforces with {@code smtpd_client_connection_rate_limit} and
 * {@code smtpd_client_message_rate_limit}). A limit of 0 is off.
 *
 * @param connections connections per client address per minute, 0 for no limit
 * @param messages messages accepted per client address per minute, 0 for no limit
 * @param maxAddresses the most client addresses tracked; past it the least used are forgotten
 */
public record RateLimitConfig(int connections, int messages, int maxAddresses) {
    /** The largest limit the settings accept. */
    public static final int MAX_LIMIT = 1_000_000;
    /** About 100 bytes each: some 10 MB at most. */
    public static final int DEFAULT_MAX_ADDRESSES = 100_000;

    public RateLimitConfig {
        if (connections < 0 || messages < 0 || maxAddresses < 1) {
            throw new IllegalArgumentException("limits must be >= 0 and maxAddresses >= 1: "
                    + connections + ", " + messages + ", " + maxAddresses);
        }
    }

    public RateLimitConfig(int connections, int messages) {
        this(connections, messages, DEFAULT_MAX_ADDRESSES);
    }

    /** The configuration, or empty when both limits are 0. Problems go to {@code s.problems()}. */
    public static Optional<RateLimitConfig> from(Settings s) {
        int connections = s.integer("filter.rate.connections", 0, MAX_LIMIT);
        int messages = s.integer("filter.rate.messages", 0, MAX_LIMIT);
        if (connections == 0 && messages == 0) {
            return Optional.empty();
        }
        return Optional.of(new RateLimitConfig(connections, messages));
    }
}
