package org.mailserver.smtp.queue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mailserver.smtp.client.ClientDialect;

/**
 * {@code relay.transport_maps} in Postfix's transport(5) format, the subset that names next hops:
 *
 * <pre>
 * # comment
 * example.com      smtp:[mx.example.com]:2525   # exactly this domain, no MX lookup
 * .example.com     smtp:relay.example.com       # any subdomain, MX lookup of relay.example.com
 * lists.test       lmtp:[127.0.0.1]:24
 * *                smtp:[smarthost]:587         # everything else
 * </pre>
 *
 * <p>Lookup order as in Postfix: the exact domain, then each parent as {@code .parent}, then
 * {@code *}. No match means: MX lookup of the recipient's domain. Immutable, thread-safe.
 */
public final class TransportMap {
    private final Map<String, NextHop> entries;

    private TransportMap(Map<String, NextHop> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** A map with no entries: MX lookup for everything. */
    public static TransportMap empty() {
        return new TransportMap(Map.of());
    }

    /** Reads {@code file}; every bad line is reported at once, each as {@code file:line: problem}. */
    public static TransportMap load(Path file) throws TransportMapException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TransportMapException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    static TransportMap parse(String name, List<String> lines) throws TransportMapException {
        Map<String, NextHop> map = new HashMap<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            String where = name + ":" + (i + 1) + ": ";
            if (f.length != 2) {
                errors.add(where + "expected \"domain  transport:nexthop\", got \"" + line + "\"");
                continue;
            }
            try {
                String key = f[0].toLowerCase(Locale.ROOT);
                if (map.put(key, hop(f[1])) != null) {
                    errors.add(where + "duplicate entry for " + key);
                }
            } catch (IllegalArgumentException e) {
                errors.add(where + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new TransportMapException(String.join("\n", errors));
        }
        return new TransportMap(map);
    }

    private static NextHop hop(String s) {
        int colon = s.indexOf(':');
        String transport = colon < 0 ? s : s.substring(0, colon);
        String rest = colon < 0 ? "" : s.substring(colon + 1);
        ClientDialect dialect = switch (transport.toLowerCase(Locale.ROOT)) {
            case "smtp", "relay" -> ClientDialect.SMTP;
            case "lmtp" -> ClientDialect.LMTP;
            default -> throw new IllegalArgumentException("unknown transport \"" + transport
                    + "\" (smtp, relay or lmtp)");
        };
        int defaultPort = dialect == ClientDialect.LMTP ? 24 : 25;
        if (rest.isEmpty()) {
            if (dialect == ClientDialect.LMTP) {
                throw new IllegalArgumentException("lmtp needs a next hop: lmtp:[host]:port");
            }
            return new NextHop(dialect, "", defaultPort, true);
        }
        boolean bracket = rest.startsWith("[");
        String host;
        String portPart;
        if (bracket) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ] in \"" + s + "\"");
            }
            host = rest.substring(1, close);
            portPart = rest.substring(close + 1);
        } else {
            int c = rest.lastIndexOf(':');
            host = c < 0 ? rest : rest.substring(0, c);
            portPart = c < 0 ? "" : rest.substring(c);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host in \"" + s + "\"");
        }
        int port = defaultPort;
        if (!portPart.isEmpty()) {
            if (!portPart.startsWith(":")) {
                throw new IllegalArgumentException("expected :port after the host in \"" + s + "\"");
            }
            try {
                port = Integer.parseInt(portPart.substring(1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bad port in \"" + s + "\"");
            }
        }
        return new NextHop(dialect, host, port, !bracket);
    }

    /** The next hop for {@code domain}, if the map has one. */
    public Optional<NextHop> lookup(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        NextHop h = entries.get(d);
        for (int dot = d.indexOf('.'); h == null && dot >= 0; dot = d.indexOf('.', dot + 1)) {
            h = entries.get(d.substring(dot)); // ".parent.domain" matches subdomains
        }
        if (h == null) {
            h = entries.get("*");
        }
        return Optional.ofNullable(h);
    }
}
