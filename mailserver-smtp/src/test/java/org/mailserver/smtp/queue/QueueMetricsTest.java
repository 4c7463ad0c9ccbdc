package org.mailserver.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailserver.smtp.queue.QueueHarness.await;
import static org.mailserver.smtp.queue.QueueHarness.message;
import static org.mailserver.smtp.queue.QueueHarness.text;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailserver.core.delivery.QueueEnvelope;
import org.mailserver.core.metrics.Metrics;
import org.mailserver.core.testing.PrometheusText;

/** What the queue counts: remote and local deliveries, deferrals, bounces, and its size and age. */
class QueueMetricsTest {
    @TempDir
    Path tmp;
    QueueHarness h;
    GreenMail green;
    int port;
    final Metrics metrics = new Metrics();

    @BeforeEach
    void setUp() throws Exception {
        h = new QueueHarness(tmp);
        port = QueueHarness.freePort();
        green = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    @AfterEach
    void tearDown() {
        h.close();
        green.stop();
    }

    @Test
    void deliveriesDeferralsBouncesAndTheQueueGauges() throws Exception {
        h.queue = new QueueManager(h.config(QueueHarness.map("remote.test smtp:[127.0.0.1]:" + port),
                QueueHarness.fast()), h.resolver, metrics.measured(h.store), h.directory, metrics);
        h.queue.start();
        h.queue.enqueue(new QueueEnvelope(null, "alice@example.test", List.of(
                new QueueEnvelope.Recipient("later@remote.test", false, Set.of(), Optional.empty()),
                new QueueEnvelope.Recipient("alice@example.test", true, Set.of(), Optional.empty()),
                new QueueEnvelope.Recipient("nobody@example.test", true, Set.of(), Optional.empty())),
                Optional.empty(), QueueEnvelope.Ret.UNSPECIFIED, false, false), new byte[0], text(message("m-1")));
        // the local copies and the remote attempt are jobs of their own, in any order
        await("a deferral while the remote is down", () -> metric("mailserver_messages_deferred_total") >= 1);
        await("the local copies done", () -> metric("mailserver_messages_bounced_total") == 1
                && metric("mailserver_messages_delivered_total", "transport", "local") == 1);
        PrometheusText t = PrometheusText.of(metrics);
        assertEquals(1, t.value("mailserver_queue_messages"));
        assertTrue(t.value("mailserver_queue_oldest_age_seconds") > 0, t.toString());
        assertEquals(1, t.value("mailserver_messages_delivered_total", "transport", "local"), "alice's copy");
        assertEquals(1, t.value("mailserver_delivery_seconds_count", "transport", "local"));
        assertEquals(1, t.value("mailserver_messages_bounced_total"), "nobody: 550 5.1.1");
        assertEquals(0, t.value("mailserver_messages_delivered_total", "transport", "smtp"));
        assertEquals(0, t.value("mailserver_delivery_seconds_count", "transport", "smtp"), "no transaction yet");

        green.start();
        await("sent once the remote is back",
                () -> metric("mailserver_messages_delivered_total", "transport", "smtp") == 1);
        // all recipients final: the failure report for nobody goes to alice, a local delivery of its own
        await("the report delivered", () -> metric("mailserver_messages_delivered_total", "transport", "local") == 2);
        await("the queue empties", () -> metric("mailserver_queue_messages") == 0);
        t = PrometheusText.of(metrics);
        assertEquals(1, t.value("mailserver_delivery_seconds_count", "transport", "smtp"));
        assertEquals(2, t.value("mailserver_delivery_seconds_count", "transport", "local"));
        assertEquals(0, t.value("mailserver_queue_oldest_age_seconds"));
        assertEquals(1, t.value("mailserver_messages_bounced_total"));
        assertEquals(0, t.value("mailserver_messages_delivered_total", "transport", "lmtp"));
        assertEquals(2, h.inbox("example.test", "alice").size());
    }

    private double metric(String name, String... labels) {
        return PrometheusText.of(metrics).value(name, labels);
    }
}
