package org.mailserver.daemon;

import java.nio.file.Path;
import java.util.List;

/**
 * The package-private {@link Daemon} for tests in other packages (the security checks): the real
 * daemon, started from the project's {@code conf/} with {@code --set} overrides, stopped on close.
 */
public final class DaemonLauncher implements AutoCloseable {
    private final Daemon daemon;

    private DaemonLauncher(Daemon daemon) {
        this.daemon = daemon;
    }

    /** Starts the daemon as {@code mailserver --config <project conf> --set ...} would. */
    public static DaemonLauncher start(List<String> sets) throws Exception {
        return new DaemonLauncher(Daemon.start(Configuration.load(DaemonTest.projectConf(), sets)));
    }

    /** The project's {@code conf/} directory. */
    public static Path projectConf() {
        return DaemonTest.projectConf();
    }

    @Override
    public void close() {
        daemon.stop();
    }
}
