package org.mailserver.daemon;

import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT, and reloads on SIGHUP. Handling them ourselves, instead of in a
 * shutdown hook, lets the daemon drain sessions and exit 0 as systemd expects from a clean stop.
 */
final class Signals {
    private static final CountDownLatch STOP = new CountDownLatch(1);
    private static volatile Runnable reload;

    private Signals() {
    }

    /**
     * Takes over SIGTERM and SIGINT. Called before the daemon starts, so a stop requested during
     * start-up (systemd may send one right after READY=1) still drains and exits 0.
     */
    static void install() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                LoggerFactory.getLogger(Signals.class).info("received SIG{}: shutting down", s.getName());
                STOP.countDown();
            });
        }
        // Without a handler the JVM dies of SIGHUP, which `systemctl reload` sends.
        Signal.handle(new Signal("HUP"), s -> hangUp());
    }

    /**
     * What SIGHUP does once the daemon runs: {@code action} must return at once (it hands the
     * reload to a thread of its own; this is the JVM's signal thread).
     */
    static void onReload(Runnable action) {
        reload = action;
    }

    static void hangUp() {
        Runnable action = reload;
        if (action == null) {
            LoggerFactory.getLogger(Signals.class).warn(
                    "received SIGHUP while starting: ignored; send it again once the server is ready");
            return;
        }
        LoggerFactory.getLogger(Signals.class).info("received SIGHUP: reloading the configuration");
        action.run();
    }

    /** Returns once SIGTERM or SIGINT has come (also if it came before this call). */
    static void awaitTermination() throws InterruptedException {
        STOP.await();
    }
}
