package org.mailserver.core.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.mailserver.core.filter.RejectionCounters;

class MetricsServerTest {

    @Test
    void rejectionsAreServedByPolicyWithJvmMetrics() throws Exception {
        RejectionCounters counters = new RejectionCounters();
        counters.increment("rbl");
        counters.increment("rbl");
        counters.increment("virus");
        try (MetricsServer m = MetricsServer.start("127.0.0.1", 0, counters)) {
            String text = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(text.contains("mailserver_smtp_rejections_total{policy=\"rbl\"} 2.0"), text);
            assertTrue(text.contains("mailserver_smtp_rejections_total{policy=\"virus\"} 1.0"), text);
            assertTrue(text.contains("jvm_memory_used_bytes"), text);
            counters.increment("rbl"); // read at scrape time, not copied at start
            String again = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(again.contains("mailserver_smtp_rejections_total{policy=\"rbl\"} 3.0"), again);
        }
    }
}
