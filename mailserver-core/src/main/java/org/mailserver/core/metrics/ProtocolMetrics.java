package org.mailserver.core.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/**
 * The counters of one protocol, bound to their labels once ({@link Metrics#protocol}): connections
 * (counted by the shared transport's {@link org.mailserver.core.transport.ConnectionLimiter}), logins
 * and messages received (counted by the protocol). Thread-safe; every method is an atomic add.
 */
public final class ProtocolMetrics {
    private final GaugeDataPoint open;
    private final CounterDataPoint accepted;
    private final CounterDataPoint refusedListener;
    private final CounterDataPoint refusedAddress;
    private final CounterDataPoint loginSuccess;
    private final CounterDataPoint loginFailure;
    private final CounterDataPoint loginTemporary;
    private final CounterDataPoint loginLocked;
    private final CounterDataPoint lockoutAddress;
    private final CounterDataPoint lockoutUser;
    private final CounterDataPoint received;

    ProtocolMetrics(Metrics m, String protocol) {
        open = m.connectionsOpen.labelValues(protocol);
        accepted = m.connections.labelValues(protocol);
        refusedListener = m.connectionsRefused.labelValues(protocol, "listener_limit");
        refusedAddress = m.connectionsRefused.labelValues(protocol, "address_limit");
        loginSuccess = m.logins.labelValues(protocol, "success");
        loginFailure = m.logins.labelValues(protocol, "failure");
        loginTemporary = m.logins.labelValues(protocol, "temporary");
        loginLocked = m.logins.labelValues(protocol, "locked");
        lockoutAddress = m.lockouts.labelValues(protocol, "address");
        lockoutUser = m.lockouts.labelValues(protocol, "user");
        received = m.received.labelValues(protocol);
    }

    /** A connection was accepted (before the limits are checked). */
    public void connectionOpened() {
        accepted.inc();
        open.inc();
    }

    /** A connection counted by {@link #connectionOpened} is closed. */
    public void connectionClosed() {
        open.dec();
    }

    /**
     * A connection was refused by the limits: the listener's total when {@code listenerFull}, else
     * the per-address limit.
     */
    public void connectionRefused(boolean listenerFull) {
        (listenerFull ? refusedListener : refusedAddress).inc();
    }

    /** The directory accepted the credentials. */
    public void loginSucceeded() {
        loginSuccess.inc();
    }

    /** Wrong credentials, or an account that may not log in. */
    public void loginFailed() {
        loginFailure.inc();
    }

    /** The credentials could not be checked (directory down, executor full): the client is told to retry. */
    public void loginTemporaryFailure() {
        loginTemporary.inc();
    }

    /** An attempt refused by a lockout, before the directory was asked. */
    public void loginLocked() {
        loginLocked.inc();
    }

    /**
     * A failed login started a lockout: of its client address when {@code address}, else of its
     * login name.
     */
    public void lockoutStarted(boolean address) {
        (address ? lockoutAddress : lockoutUser).inc();
    }

    /** A message was accepted: the positive reply to its end of data, or an APPEND completed. */
    public void messageReceived() {
        received.inc();
    }
}
