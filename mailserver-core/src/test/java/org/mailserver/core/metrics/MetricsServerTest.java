package org.mailserver.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mailserver.core.testing.PrometheusText;

class MetricsServerTest {

    @Test
    void rejectionsAreServedByPolicyWithJvmMetrics() throws Exception {
        Metrics metrics = new Metrics();
        metrics.rejections().increment("rbl");
        metrics.rejections().increment("rbl");
        metrics.rejections().increment("virus");
        metrics.rejections().discarded("header_checks");
        try (MetricsServer m = MetricsServer.start("127.0.0.1", 0, metrics)) {
            String url = "http://127.0.0.1:" + m.port() + "/metrics";
            PrometheusText text = PrometheusText.fetch(url);
            assertEquals(2, text.value("mailserver_smtp_rejections_total", "policy", "rbl"));
            assertEquals(1, text.value("mailserver_smtp_rejections_total", "policy", "virus"));
            assertEquals(1, text.value("mailserver_smtp_discards_total", "policy", "header_checks"));
            assertTrue(text.names().contains("jvm_memory_used_bytes"), text.names().toString());
            assertTrue(text.names().stream().anyMatch(n -> n.startsWith("jvm_gc_collection_seconds")),
                    text.names().toString());
            metrics.rejections().increment("rbl"); // read at scrape time, not copied at start
            assertEquals(3, PrometheusText.fetch(url).value("mailserver_smtp_rejections_total", "policy", "rbl"));
        }
    }
}
