package org.mailserver.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mailserver [--config DIR] [--set key=value]... [--check] [--version]}.
 *
 * @param configDir directory holding {@code mailserver.conf}
 * @param overrides {@code key=value} assignments, applied after the file in order
 * @param check validate the configuration, print every problem, bind nothing
 * @param version print the version and exit
 */
record CommandLine(Path configDir, List<String> overrides, boolean check, boolean version) {

    static final String USAGE = "usage: mailserver [--config DIR] [--set key=value]... [--check] [--version]\n"
            + "       mailserver queue list|flush|delete ID [--config DIR] [--set key=value]...\n"
            + "       mailserver report [YYYY-MM-DD] [--log FILE|-]\n"
            + "       mailserver user add UID MAIL|passwd UID|disable UID|enable UID|list [--config DIR] [--set key=value]...";

    /** Parses arguments; throws IllegalArgumentException with a message for the user. */
    static CommandLine parse(String[] args) {
        Path config = Path.of("conf");
        List<String> sets = new ArrayList<>();
        boolean check = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config" -> config = Path.of(value(args, ++i, a));
                case "--set" -> sets.add(value(args, ++i, a));
                case "--check" -> check = true;
                case "--version" -> version = true;
                default -> {
                    if (a.startsWith("--config=")) {
                        config = Path.of(a.substring(9));
                    } else if (a.startsWith("--set=")) {
                        sets.add(a.substring(6));
                    } else {
                        throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
                    }
                }
            }
        }
        return new CommandLine(config, sets, check, version);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
