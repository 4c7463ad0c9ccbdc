package org.mailserver.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.core.testing.PrometheusText;

/** The shared transport counts every connection of a protocol, and the limiter's refusals, on real sockets. */
class ListenersMetricsTest {

    /** Greets and does nothing else. */
    private static final class Hello implements Protocol {
        @Override
        public String name() {
            return "hello";
        }

        @Override
        public String tooManyConnectionsReply() {
            return "busy";
        }

        @Override
        public void initChannel(Channel channel, ListenerConfig listener) {
            channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    ctx.writeAndFlush(Unpooled.copiedBuffer("hello\r\n", StandardCharsets.US_ASCII));
                }
            });
        }
    }

    @Test
    void connectionsAreCountedOpenTotalAndRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Metrics metrics = new Metrics();
        try (Listeners listeners = new Listeners(1, null, metrics)) {
            listeners.bind(new ListenerConfig("hello", "127.0.0.1", port, false, 10, 1, Duration.ofMinutes(1), 512),
                    new Hello());
            try (Socket first = new Socket("127.0.0.1", port)) {
                assertEquals("hello", reader(first).readLine());
                PrometheusText t = PrometheusText.of(metrics);
                assertEquals(1, t.value("mailserver_connections_open", "protocol", "hello"));
                try (Socket second = new Socket("127.0.0.1", port)) {
                    BufferedReader in = reader(second);
                    assertEquals("busy", in.readLine());
                    assertNull(in.readLine(), "closed after the refusal");
                }
                t = openSettlesAt(metrics, 1);
                assertEquals(2, t.value("mailserver_connections_total", "protocol", "hello"));
                assertEquals(1, t.value("mailserver_connections_open", "protocol", "hello"));
                assertEquals(1, t.value("mailserver_connections_refused_total", "protocol", "hello",
                        "reason", "address_limit"));
                assertEquals(0, t.value("mailserver_connections_refused_total", "protocol", "hello",
                        "reason", "listener_limit"));
            }
            assertEquals(0, openSettlesAt(metrics, 0).value("mailserver_connections_open", "protocol", "hello"));
        }
    }

    /** Scrapes until the open gauge reads {@code n} (a socket is counted out on its event loop), 5 s at most. */
    private static PrometheusText openSettlesAt(Metrics metrics, int n) throws InterruptedException {
        PrometheusText t = PrometheusText.of(metrics);
        for (int i = 0; i < 250 && t.value("mailserver_connections_open", "protocol", "hello") != n; i++) {
            Thread.sleep(20);
            t = PrometheusText.of(metrics);
        }
        return t;
    }

    private static BufferedReader reader(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    }
}
