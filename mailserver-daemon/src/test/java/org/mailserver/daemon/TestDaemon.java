package org.mailserver.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole daemon in-process, as {@link DaemonTest} starts it, for tests in other packages
 * ({@code security}, {@code outage}, {@code abuse}; {@link Daemon} is package-private): the
 * project's {@code conf/} with {@code overrides} ({@code key=value}), as {@code --set} gives them.
 */
public final class TestDaemon implements AutoCloseable {
    private final Daemon daemon;

    private TestDaemon(Daemon daemon) {
        this.daemon = daemon;
    }

    public static TestDaemon start(List<String> overrides) throws Exception {
        return new TestDaemon(Daemon.start(Configuration.load(DaemonTest.projectConf(), overrides)));
    }

    /** The project's {@code conf/} directory. */
    public static Path projectConf() {
        return DaemonTest.projectConf();
    }

    public static int freePort() throws IOException {
        return DaemonTest.freePort();
    }

    @Override
    public void close() {
        daemon.stop();
    }
}
