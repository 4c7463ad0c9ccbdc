package org.mailserver.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real third-party daemon of the test's own (spamd, clamd, ...), started in the foreground on a
 * free loopback port, as {@code ../shared/acceptance/daemons.py} does, and stopped with its children.
 * {@link #require} fails the test when the binary is missing and {@code CI} or
 * {@code REQUIRE_DAEMONS=1} is set, and skips it otherwise.
 */
public final class ScannerDaemon implements AutoCloseable {
    private final String name;
    private final int port;
    private final Path log;
    private volatile Process process;

    private ScannerDaemon(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** The binary in /usr/sbin, /usr/bin or the PATH. */
    public static Optional<Path> binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return java.util.stream.Stream.concat(List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin").stream(),
                        List.of(path.split(":")).stream())
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    /** Whether {@code CI} is set or {@code REQUIRE_DAEMONS} is 1 or true. */
    public static boolean required() {
        String ci = System.getenv("CI");
        String req = System.getenv("REQUIRE_DAEMONS");
        return (ci != null && !ci.isEmpty() && !ci.equals("0") && !ci.equalsIgnoreCase("false"))
                || "1".equals(req) || "true".equalsIgnoreCase(req);
    }

    /** Returns the binary's path; fails the test when missing and required, else skips it. */
    public static Path require(String binary, String debianPackage) {
        Optional<Path> p = binary(binary);
        if (p.isPresent()) {
            return p.get();
        }
        String msg = binary + " not found: install Debian's " + debianPackage + " (scripts/install-test-deps)";
        if (required()) {
            Assertions.fail(msg + " (CI or REQUIRE_DAEMONS is set, so this is a failure)");
        }
        Assumptions.abort(msg + "; skipped (set REQUIRE_DAEMONS=1 to fail instead)");
        throw new AssertionError("unreachable");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code command.apply(port)} with its output in {@code dir/name.log} and waits until it
     * accepts TCP connections on 127.0.0.1:port.
     */
    public static ScannerDaemon start(String name, Path dir, Duration startTimeout, IntFunction<List<String>> command)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command.apply(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ScannerDaemon d = new ScannerDaemon(name, port, log, p);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + ": " + d.logTail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return d;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        d.close();
        throw new IOException(name + " did not listen on port " + port + " within " + startTimeout + ": " + d.logTail());
    }

    public int port() {
        return port;
    }

    /** The last lines of the daemon's output, for failure messages. */
    public String logTail() {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the daemon and the children it forked (TERM, then KILL after 15 s). */
    @Override
    public void close() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
