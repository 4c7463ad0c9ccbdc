package org.mailserver.daemon.outage;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dependency that hangs: on a TCP port, accepts every connection, reads and discards what comes
 * and never answers; on a UDP port, takes the datagrams and never answers. Exercises the timeouts,
 * which a stopped process (connection refused, ICMP unreachable) does not.
 */
final class BlackHole implements AutoCloseable {
    private final ServerSocket server;
    private final DatagramSocket udp;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private BlackHole(ServerSocket server, DatagramSocket udp) {
        this.server = server;
        this.udp = udp;
    }

    static BlackHole tcp(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        BlackHole h = new BlackHole(s, null);
        Thread t = new Thread(h::acceptLoop, "black-hole-" + port);
        t.setDaemon(true);
        t.start();
        return h;
    }

    static BlackHole udp(int port) throws IOException {
        DatagramSocket s = new DatagramSocket(null);
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new BlackHole(null, s);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                accepted.add(c);
                Thread t = new Thread(() -> drain(c), "black-hole-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Reads until the client's end of stream, and then keeps the connection open: never answers, never closes. */
    private static void drain(Socket c) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = c.getInputStream();
            while (in.read(buf) >= 0) {
                // never answer
            }
        } catch (IOException e) {
            // closed by close()
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
            for (Socket c : accepted) {
                c.close();
            }
        }
        if (udp != null) {
            udp.close();
        }
    }
}
