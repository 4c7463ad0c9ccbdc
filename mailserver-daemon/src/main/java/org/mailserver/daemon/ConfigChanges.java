package org.mailserver.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.mailserver.core.config.ConfigKey;
import org.mailserver.core.config.ConfigKeys;

/**
 * What a reload would change: the keys whose value differs, and the files named by the configuration
 * (maps, certificates, the LDIF) whose contents differ, each sorted into the part of the server it
 * rebuilds, or into "needs a restart".
 *
 * <p>A file is compared by a SHA-256 of its bytes, taken before the configuration is parsed: a file
 * edited during a reload then differs at the next one instead of being missed.
 */
final class ConfigChanges {
    /** The parts a reload rebuilds; every other key needs a restart (listeners, data.dir, limits, ...). */
    enum Part { TLS, DIRECTORY, FILTERS, TRANSPORT }

    /** Keys whose value is a file read when the configuration is built. */
    static final List<String> FILE_KEYS = List.of("tls.cert", "tls.key", "directory.ldif", "directory.tls.trust",
            "relay.transport_maps", "filter.header_checks", "filter.mime_header_checks", "filter.body_checks");

    private static final Map<String, String> DEFAULTS = new HashMap<>();

    static {
        for (ConfigKey k : ConfigKeys.ALL) {
            DEFAULTS.put(k.name(), k.defaultValue());
        }
    }

    private ConfigChanges() {
    }

    /** The part {@code key} belongs to; null when a change to it needs a restart. */
    static Part part(String key) {
        if (key.equals("tls.cert") || key.equals("tls.key")) {
            return Part.TLS;
        }
        if (key.startsWith("directory.")) {
            return Part.DIRECTORY;
        }
        if (key.startsWith("filter.")) {
            return Part.FILTERS;
        }
        if (key.equals("relay.transport_maps")) {
            return Part.TRANSPORT;
        }
        return null;
    }

    /** Fingerprints of the files {@code values} names, by key ("" for a key not set). */
    static Map<String, String> fingerprints(Map<String, String> values) {
        Map<String, String> prints = new HashMap<>();
        for (String key : FILE_KEYS) {
            prints.put(key, fingerprint(values.getOrDefault(key, DEFAULTS.getOrDefault(key, ""))));
        }
        return prints;
    }

    private static String fingerprint(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return "";
        }
        try {
            byte[] bytes = Files.readAllBytes(Path.of(v).toAbsolutePath().normalize());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | InvalidPathException e) {
            return "unreadable: " + e; // the parse reports it; this only has to differ from a good file
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The keys whose value or file differs between {@code before} and {@code after}, sorted, a changed
     * file as {@code "key (file contents)"}; only keys for which {@code select} holds.
     */
    static List<String> changed(Map<String, String> before, Map<String, String> printsBefore,
                                Map<String, String> after, Map<String, String> printsAfter,
                                Predicate<String> select) {
        TreeSet<String> keys = new TreeSet<>(DEFAULTS.keySet());
        keys.addAll(before.keySet());
        keys.addAll(after.keySet());
        List<String> changed = new ArrayList<>();
        for (String key : keys) {
            if (!select.test(key)) {
                continue;
            }
            String a = before.getOrDefault(key, DEFAULTS.get(key));
            String b = after.getOrDefault(key, DEFAULTS.get(key));
            if (!Objects.equals(a == null ? null : a.strip(), b == null ? null : b.strip())) {
                changed.add(key);
            } else if (!Objects.equals(printsBefore.get(key), printsAfter.get(key))) {
                changed.add(key + " (file contents)");
            }
        }
        return changed;
    }

    /** The default of {@code key}, as written in the file ("" for an unknown key). */
    static String defaultValue(String key) {
        return DEFAULTS.getOrDefault(key, "");
    }

    /** The part a {@link #changed} entry belongs to. */
    static Part partOf(String entry) {
        int space = entry.indexOf(' ');
        return part(space < 0 ? entry : entry.substring(0, space));
    }
}
