package org.mailserver.core.filter.spamd;

import java.time.Duration;
import java.util.Optional;
import org.mailserver.core.config.Settings;

/**
 * Content scoring through SpamAssassin's spamd.
 *
 * @param host spamd's host
 * @param port spamd's TCP port
 * @param tagScore score from which {@code X-Spam-Flag: YES} is added and X-Spam-Status says Yes
 * @param rejectScore score from which the message is refused with 550 5.7.1
 * @param maxSize messages larger than this many octets are not scored
 * @param timeout the whole exchange with spamd (connect, send, reply) must end within this
 * @param deferOnFailure when spamd is unreachable, slow or answers nonsense: defer (451 4.7.1) if
 *     true, accept unscored if false
 */
public record SpamdConfig(String host, int port, double tagScore, double rejectScore, long maxSize,
                          Duration timeout, boolean deferOnFailure) {

    /** Reads the {@code filter.spamd*} keys; empty when {@code filter.spamd} is empty. */
    public static Optional<SpamdConfig> from(Settings s) {
        Optional<Settings.HostPort> hp = s.hostPort("filter.spamd");
        double tag = s.decimal("filter.spamd.tag_score");
        double reject = s.decimal("filter.spamd.reject_score");
        long maxSize = s.number("filter.spamd.max_size", 1, Long.MAX_VALUE);
        Duration timeout = s.duration("filter.spamd.timeout");
        if (timeout.isZero()) {
            s.problem("filter.spamd.timeout", "a duration greater than zero");
        }
        boolean defer = deferOnFailure(s, "filter.spamd.on_failure");
        if (hp.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SpamdConfig(hp.get().host(), hp.get().port(), tag, reject, maxSize, timeout, defer));
    }

    /** {@code defer} or {@code accept}; anything else is a problem. */
    static boolean deferOnFailure(Settings s, String key) {
        switch (s.string(key).strip().toLowerCase(java.util.Locale.ROOT)) {
            case "defer":
                return true;
            case "accept":
                return false;
            default:
                s.problem(key, "defer or accept");
                return true;
        }
    }
}
