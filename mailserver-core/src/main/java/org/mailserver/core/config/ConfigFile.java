package org.mailserver.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code key = value} lines: blank lines and lines starting with {@code #} are ignored, the
 * value is everything after the first {@code =}, trimmed. Unknown keys, lines without {@code =} and
 * keys set twice are reported with their line numbers.
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    /** Parses {@code file} into {@code into}, adding problems to {@code problems}. */
    public static void read(Path file, Map<String, String> into, List<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
            return;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add(where + "expected 'key = value', found '" + line + "'");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (ConfigKeys.get(key) == null) {
                problems.add(where + "unknown key '" + key + "'");
            } else if (seen.containsKey(key)) {
                problems.add(where + "key '" + key + "' is already set on line " + seen.get(key));
            } else {
                seen.put(key, i + 1);
                into.put(key, value);
            }
        }
    }

    /** Parses a {@code --set key=value} override into {@code into}. */
    public static void override(String assignment, Map<String, String> into, List<String> problems) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            problems.add("--set " + assignment + ": expected key=value");
            return;
        }
        String key = assignment.substring(0, eq).strip();
        if (ConfigKeys.get(key) == null) {
            problems.add("--set " + assignment + ": unknown key '" + key + "'");
            return;
        }
        into.put(key, assignment.substring(eq + 1).strip());
    }
}
