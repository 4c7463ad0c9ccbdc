package org.mailserver.core.testing;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mailserver.core.metrics.Metrics;

/**
 * The samples of one scrape in Prometheus' text exposition format (version 0.0.4), parsed: each
 * sample line {@code name{label="value",...} value} by its name and labels (in any order). A line
 * that does not parse, or a series that appears twice, fails the parse: the output must be valid.
 */
public final class PrometheusText {
    private final Map<String, Double> samples;

    private PrometheusText(Map<String, Double> samples) {
        this.samples = samples;
    }

    /** GETs {@code url} (a {@code /metrics} endpoint) and parses the answer. */
    public static PrometheusText fetch(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + url + ": " + r.statusCode());
        }
        return parse(r.body());
    }

    /** Renders {@code metrics} as the HTTP server would, and parses it. */
    public static PrometheusText of(Metrics metrics) {
        return parse(PrometheusTextFormatWriter.create().toDebugString(metrics.registry().scrape()));
    }

    public static PrometheusText parse(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String name = line.substring(0, i);
            Map<String, String> labels = new TreeMap<>();
            if (i < line.length() && line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String key = line.substring(i, eq);
                    if (line.charAt(eq + 1) != '"') {
                        throw new IllegalArgumentException("label value not quoted: " + line);
                    }
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2;
                    for (; line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char e = line.charAt(++j);
                            value.append(e == 'n' ? '\n' : e);
                        } else {
                            value.append(c);
                        }
                    }
                    labels.put(key, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
            }
            String[] rest = line.substring(i).trim().split(" ");
            String key = key(name, labels);
            if (samples.put(key, number(rest[0])) != null) {
                throw new IllegalArgumentException("series twice: " + key);
            }
        }
        return new PrometheusText(samples);
    }

    private static double number(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static String key(String name, Map<String, String> labels) {
        StringBuilder b = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> b.append(k).append('=').append('"').append(v).append('"').append(','));
        return b.append('}').toString();
    }

    private static String key(String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return key(name, map);
    }

    /** Whether the series exists (exactly these labels). */
    public boolean has(String name, String... labels) {
        return samples.containsKey(key(name, labels));
    }

    /** The value of a series with exactly these labels ({@code "protocol", "imap", ...}); fails when missing. */
    public double value(String name, String... labels) {
        Double v = samples.get(key(name, labels));
        if (v == null) {
            throw new AssertionError("no series " + key(name, labels) + " among " + samples.keySet());
        }
        return v;
    }

    /** As {@link #value}, 0 when the series is missing (a counter not incremented yet). */
    public double valueOrZero(String name, String... labels) {
        return samples.getOrDefault(key(name, labels), 0.0);
    }

    /** The metric names (with their {@code _total}, {@code _bucket} ... suffixes) that have samples. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.keySet().forEach(k -> names.add(k.substring(0, k.indexOf('{'))));
        return names;
    }

    @Override
    public String toString() {
        return samples.toString();
    }
}
