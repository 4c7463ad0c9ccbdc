package org.mailserver.core.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.mailserver.core.net.Cidr;

/**
 * How the {@link LoginThrottle} slows and locks out failed logins ({@code auth.*} keys). See
 * {@code docs/decisions/0006-login-lockout.md} for why the limits work as they do.
 *
 * @param delay added to the answer after each failed login from one address
 * @param delayMax the longest such delay
 * @param window failures are forgotten after this long without a new one
 * @param addressFailures failures from one address within the window that lock the address; 0: never
 * @param userFailures failures for one login name, from any address, that lock the name; 0: never
 * @param lockoutTime how long a lock lasts; attempts while it lasts do not extend it
 * @param exempt addresses never locked by their own failures (a webmail or proxy speaking for many users)
 */
public record LoginLimits(Duration delay, Duration delayMax, Duration window, int addressFailures,
                          int userFailures, Duration lockoutTime, List<Cidr> exempt) {

    public LoginLimits {
        exempt = List.copyOf(exempt);
    }

    /** Delays only, no lockout: what servers built without the daemon (tests) had before lockouts. */
    public static LoginLimits delayOnly(Duration delay, Duration delayMax, Duration window) {
        return new LoginLimits(delay, delayMax, window, 0, 0, Duration.ZERO, List.of());
    }

    /** True when {@code address} is in {@link #exempt}. */
    public boolean exempt(InetAddress address) {
        return Cidr.anyContains(exempt, address);
    }
}
