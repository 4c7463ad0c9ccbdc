package org.mailserver.core.config;

/**
 * Renders {@code conf/mailserver.conf} from {@link ConfigKeys}: each key with its meaning and default.
 * A test keeps the shipped file equal to this rendering, so the file and the code cannot drift apart.
 * Run {@code main} to rewrite it after changing a key.
 */
public final class ConfigTemplate {

    private ConfigTemplate() {
    }

    public static String render() {
        StringBuilder b = new StringBuilder();
        b.append("# mailserver configuration: 'key = value' lines; '#' starts a comment.\n")
                .append("# Every key is listed with its meaning and default; a key left out takes its default.\n")
                .append("# Relative paths are relative to the directory the server is started from.\n")
                .append("# Any key can be overridden on the command line: --set key=value.\n");
        for (ConfigKey k : ConfigKeys.ALL) {
            b.append("\n# ").append(k.description()).append('\n');
            if (k.notYetUsed()) {
                b.append("# (Accepted and checked now; takes effect with ").append(k.usedFrom()).append(".)\n");
            }
            b.append("# Default: ").append(k.defaultValue().isEmpty() ? "(empty)" : k.defaultValue()).append('\n');
            b.append(k.name()).append(" = ").append(k.defaultValue()).append('\n');
        }
        return b.toString();
    }

    /** Writes the rendering to the path given as the only argument. */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), render());
    }
}
