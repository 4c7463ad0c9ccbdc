package org.mailserver.core.transport;

/**
 * User event fired on every open connection when the daemon stops: a session closes at once when it
 * is between commands, otherwise as soon as the command in progress has been answered.
 */
public final class ShutdownRequested {
    public static final ShutdownRequested INSTANCE = new ShutdownRequested();

    private ShutdownRequested() {
    }
}
