package org.mailserver.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * A loopback TCP server for unit tests of a client: each accepted connection is handed to the
 * handler on a thread of its own (the handler may hold it open without reading, to test timeouts).
 */
public final class FakeServer implements AutoCloseable {
    /** What the server does with one connection; the socket is closed after it returns. */
    public interface Handler {
        void handle(Socket socket) throws Exception;
    }

    private final ServerSocket server;
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public FakeServer(Handler handler) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    new Thread(() -> {
                        try (s) {
                            handler.handle(s);
                        } catch (Throwable e) {
                            if (!server.isClosed()) {
                                errors.add(e);
                            }
                        }
                    }, "fake-server-conn").start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-server");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Exceptions thrown by the handler while the server was open. */
    public List<Throwable> errors() {
        return errors;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
