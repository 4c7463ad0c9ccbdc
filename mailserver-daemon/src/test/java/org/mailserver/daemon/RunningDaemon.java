package org.mailserver.daemon;

import java.nio.file.Path;
import java.util.List;

/** The daemon started in this JVM, for tests in other packages (the abuse tests). */
public final class RunningDaemon implements AutoCloseable {
    private final Daemon daemon;

    private RunningDaemon(Daemon daemon) {
        this.daemon = daemon;
    }

    /** Starts the daemon on the project's configuration with {@code key=value} overrides. */
    public static RunningDaemon start(List<String> overrides) throws Exception {
        return new RunningDaemon(Daemon.start(Configuration.load(DaemonTest.projectConf(), overrides)));
    }

    /** The project's {@code conf} directory. */
    public static Path projectConf() {
        return DaemonTest.projectConf();
    }

    @Override
    public void close() {
        daemon.stop();
    }
}
