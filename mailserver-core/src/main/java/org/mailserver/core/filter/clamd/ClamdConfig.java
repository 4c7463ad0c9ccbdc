package org.mailserver.core.filter.clamd;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.mailserver.core.config.Settings;

/**
 * Virus scanning through ClamAV's clamd.
 *
 * @param host clamd's host
 * @param port clamd's TCP port ({@code TCPSocket} in clamd.conf)
 * @param maxSize messages larger than this many octets are not scanned; clamd's
 *     {@code StreamMaxLength} must allow at least this much
 * @param timeout the whole exchange with clamd (connect, stream, reply) must end within this
 * @param deferOnFailure when clamd is unreachable, slow or reports an error: defer (451 4.7.1) if
 *     true, accept unscanned if false
 */
public record ClamdConfig(String host, int port, long maxSize, Duration timeout, boolean deferOnFailure) {

    /** Reads the {@code filter.clamd*} keys; empty when {@code filter.clamd} is empty. */
    public static Optional<ClamdConfig> from(Settings s) {
        Optional<Settings.HostPort> hp = s.hostPort("filter.clamd");
        long maxSize = s.number("filter.clamd.max_size", 1, Long.MAX_VALUE);
        Duration timeout = s.duration("filter.clamd.timeout");
        if (timeout.isZero()) {
            s.problem("filter.clamd.timeout", "a duration greater than zero");
        }
        boolean defer = true;
        switch (s.string("filter.clamd.on_failure").strip().toLowerCase(Locale.ROOT)) {
            case "defer":
                break;
            case "accept":
                defer = false;
                break;
            default:
                s.problem("filter.clamd.on_failure", "defer or accept");
        }
        if (hp.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClamdConfig(hp.get().host(), hp.get().port(), maxSize, timeout, defer));
    }
}
