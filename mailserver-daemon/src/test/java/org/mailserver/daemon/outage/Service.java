package org.mailserver.daemon.outage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real third-party daemon (spamd, clamd, rbldnsd) in the foreground on a fixed port, so it can be
 * killed and started again where the mail server expects it. {@link #kill()} is a crash: SIGKILL
 * to it and the children it forked (spamd's children share its listening socket).
 */
final class Service implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path log;
    private final BooleanSupplier ready;
    private volatile Process process;

    Service(String name, Path dir, List<String> command, BooleanSupplier ready) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = dir.resolve(name + ".log");
        this.ready = ready;
    }

    /** Ready when something accepts TCP connections on 127.0.0.1:{@code port}. */
    static BooleanSupplier listening(int port) {
        return () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** Starts the daemon and waits until it is ready. */
    Service start(Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process = p;
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + ": " + logTail());
            }
            if (ready.getAsBoolean()) {
                return this;
            }
            Thread.sleep(100);
        }
        kill();
        throw new IOException(name + " not ready within " + timeout + ": " + logTail());
    }

    /** SIGKILL to the daemon and its children; returns once they are gone. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        List<ProcessHandle> children = p.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle c : children) {
            c.onExit().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
    }

    String logTail() {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
