package org.mailserver.core.auth;

import java.net.SocketAddress;
import org.mailserver.core.log.MailLog;
import org.mailserver.core.metrics.ProtocolMetrics;

/**
 * The mail-log lines and the counts ({@code mailserver_login_lockouts_total},
 * {@code mailserver_logins_total{result="locked"}}) of the {@link LoginThrottle}, one format for every protocol so that one fail2ban
 * filter ({@code conf/fail2ban/filter.d/mailserver.conf}) matches them all. The client's address comes
 * right after the event, before anything the client chose (the login name), so a crafted name cannot
 * move the address a filter reads:
 *
 * <pre>
 * imap: auth locked client=203.0.113.9:51000 user=bob scope=address failures=10 for=900s
 * imap: auth refused client=203.0.113.9:51002 user=bob scope=address remaining=893s
 * </pre>
 */
public final class LoginLog {

    private LoginLog() {
    }

    /** One line and one count per lock that {@code failure} started. */
    public static void locked(String protocol, SocketAddress client, String login, LoginThrottle.Failure failure,
                              LoginLimits limits, ProtocolMetrics metrics) {
        for (LoginThrottle.Scope scope : failure.locked()) {
            metrics.lockoutStarted(scope == LoginThrottle.Scope.ADDRESS);
            int count = scope == LoginThrottle.Scope.ADDRESS ? failure.addressFailures() : failure.userFailures();
            MailLog.session(protocol, "auth locked", client, "user=" + login + " scope=" + scope.label()
                    + " failures=" + count + " for=" + seconds(limits.lockoutTime()) + "s");
        }
    }

    /** One line and one count per attempt refused by a lock. */
    public static void refused(String protocol, SocketAddress client, String login, LoginThrottle.Lock lock,
                               ProtocolMetrics metrics) {
        metrics.loginLocked();
        MailLog.session(protocol, "auth refused", client, "user=" + login + " scope=" + lock.scope().label()
                + " remaining=" + seconds(lock.remaining()) + "s");
    }

    private static long seconds(java.time.Duration d) {
        return (d.toMillis() + 999) / 1000; // rounded up: a lock of 300ms is not "0s"
    }
}
