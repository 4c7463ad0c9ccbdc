package org.mailserver.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code docs/configuration.md} from {@link ConfigKeys}: every key with its default and
 * meaning, one table per first name segment ({@code smtp.*}, {@code filter.*}, ...; segments with a
 * single key together under "General" first), in the order of {@link ConfigKeys#ALL}. Like {@link ConfigTemplate}, a test keeps the shipped page equal to this
 * rendering; run {@code main} to rewrite it after changing a key.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String render() {
        Map<String, List<ConfigKey>> groups = new LinkedHashMap<>();
        for (ConfigKey k : ConfigKeys.ALL) {
            int dot = k.name().indexOf('.');
            String group = dot < 0 ? k.name() : k.name().substring(0, dot);
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(k);
        }
        List<ConfigKey> general = new ArrayList<>();
        for (List<ConfigKey> keys : groups.values()) {
            if (keys.size() == 1) {
                general.add(keys.get(0));
            }
        }
        groups.values().removeIf(keys -> keys.size() == 1);
        StringBuilder b = new StringBuilder();
        b.append("# Configuration keys\n\n")
                .append("Generated from the key definitions the server reads (`ConfigKeys`), like\n")
                .append("`conf/mailserver.conf`; a test fails when this page and the code differ. How the file is\n")
                .append("read, sizes, durations and `--set`: the operator's guide, \"Configuration\".\n");
        table(b, "General", general);
        for (Map.Entry<String, List<ConfigKey>> e : groups.entrySet()) {
            table(b, "`" + e.getKey() + ".*`", e.getValue());
        }
        return b.toString();
    }

    private static void table(StringBuilder b, String title, List<ConfigKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        b.append("\n## ").append(title).append("\n\n").append("| key | default | meaning |\n|---|---|---|\n");
        for (ConfigKey k : keys) {
            b.append("| `").append(k.name()).append("` | ")
                    .append(k.defaultValue().isEmpty() ? "(empty)" : "`" + cell(k.defaultValue()) + "`")
                    .append(" | ").append(text(k.description()));
            if (k.notYetUsed()) {
                b.append(" (Accepted and checked; takes effect with ").append(text(k.usedFrom())).append(".)");
            }
            b.append(" |\n");
        }
    }

    /** A table cell: a '|' would end it, even inside backticks (GitHub's tables). */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** Prose in a cell: also '<' and '&', which Markdown would take for HTML ({@code <data.dir>}). */
    private static String text(String text) {
        return cell(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }

    /** Writes the rendering to the path given as the only argument. */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), render());
    }
}
