package org.mailserver.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to the configuration with every problem collected, not thrown: a getter that meets a
 * bad value records "key: 'value' is not ...: expected ..." and returns a harmless placeholder, so
 * one pass reports every mistake before anything is bound.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)\\]|([^:\\[\\]]+)):(\\d{1,5})");

    /** A {@code host:port} pair. */
    public record HostPort(String host, int port) {
    }

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    public Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Problems found so far by the getters. */
    public List<String> problems() {
        return problems;
    }

    /** Records a problem with a key's value. */
    public void problem(String key, String expected) {
        problems.add(key + " = '" + raw(key) + "' is not allowed: expected " + expected);
    }

    /** The value as written, or the key's default. */
    public String raw(String key) {
        ConfigKey k = ConfigKeys.get(key);
        if (k == null) {
            throw new IllegalArgumentException("no such configuration key: " + key);
        }
        return values.getOrDefault(key, k.defaultValue());
    }

    /** True when the key was set in the file or on the command line. */
    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    public String string(String key) {
        return raw(key);
    }

    /** Comma-separated values, trimmed, empty ones dropped. */
    public List<String> list(String key) {
        return Arrays.stream(raw(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public int integer(String key, int min, int max) {
        long v = number(key, min, max);
        return (int) v;
    }

    public long number(String key, long min, long max) {
        String s = raw(key);
        try {
            long v = Long.parseLong(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(key, "a whole number from " + min + " to " + max);
        return min;
    }

    public double decimal(String key) {
        try {
            return Double.parseDouble(raw(key));
        } catch (NumberFormatException e) {
            problem(key, "a number such as 5.0");
            return 0;
        }
    }

    public boolean bool(String key) {
        switch (raw(key).toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "on":
                return true;
            case "false": case "no": case "off":
                return false;
            default:
                problem(key, "true or false");
                return false;
        }
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 5d}; a bare number is seconds. */
    public Duration duration(String key) {
        Duration d = parseDuration(raw(key));
        if (d == null) {
            problem(key, "a duration such as 30s, 5m, 2h or 5d");
            return Duration.ofSeconds(1);
        }
        return d;
    }

    /** Comma-separated durations. */
    public List<Duration> durations(String key) {
        List<Duration> out = new ArrayList<>();
        for (String s : list(key)) {
            Duration d = parseDuration(s);
            if (d == null) {
                problem(key, "durations such as 1m,5m,1h separated by commas");
                return List.of();
            }
            out.add(d);
        }
        return out;
    }

    static Duration parseDuration(String s) {
        Matcher m = DURATION.matcher(s.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "ms": return Duration.ofMillis(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            case "d": return Duration.ofDays(n);
            default: return Duration.ofSeconds(n);
        }
    }

    /** A {@code host:port} ({@code [v6]:port} for IPv6), or empty when the value is empty. */
    public Optional<HostPort> hostPort(String key) {
        String s = raw(key).strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        HostPort hp = parseHostPort(s);
        if (hp == null) {
            problem(key, "host:port with a port from 1 to 65535 (or empty to turn it off)");
            return Optional.empty();
        }
        return Optional.of(hp);
    }

    /** Comma-separated {@code host:port} values. */
    public List<HostPort> hostPorts(String key) {
        List<HostPort> out = new ArrayList<>();
        for (String s : list(key)) {
            HostPort hp = parseHostPort(s);
            if (hp == null) {
                problem(key, "host:port values separated by commas");
                return List.of();
            }
            out.add(hp);
        }
        return out;
    }

    static HostPort parseHostPort(String s) {
        Matcher m = HOST_PORT.matcher(s);
        if (!m.matches()) {
            return null;
        }
        int port = Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            return null;
        }
        return new HostPort(m.group(1) != null ? m.group(1) : m.group(2), port);
    }

    /** A path (relative ones resolve against the working directory), or empty when the value is empty. */
    public Optional<Path> path(String key) {
        String s = raw(key).strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(s).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            problem(key, "a file system path");
            return Optional.empty();
        }
    }

    /** Like {@link #path} but the file must exist and be readable. */
    public Optional<Path> readableFile(String key) {
        Optional<Path> p = path(key);
        if (p.isPresent() && !(Files.isRegularFile(p.get()) && Files.isReadable(p.get()))) {
            problem(key, "a readable file (" + p.get() + " is not one)");
            return Optional.empty();
        }
        return p;
    }

    /** Comma-separated networks in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}). */
    public List<String> networks(String key) {
        List<String> out = new ArrayList<>();
        for (String s : list(key)) {
            String[] parts = s.split("/", 2);
            boolean ok = parts[0].matches("[0-9A-Fa-f:.]+");
            if (ok) {
                try {
                    InetAddress a = InetAddress.getByName(parts[0]); // literal: no lookup
                    int max = a.getAddress().length * 8;
                    ok = parts.length == 1 || (parts[1].matches("\\d{1,3}") && Integer.parseInt(parts[1]) <= max);
                } catch (UnknownHostException e) {
                    ok = false;
                }
            }
            if (!ok) {
                problem(key, "networks in CIDR notation such as 192.0.2.0/24, separated by commas");
                return List.of();
            }
            out.add(s);
        }
        return out;
    }
}
