package org.mailserver.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mailserver.core.config.ConfigException;
import org.mailserver.smtp.queue.QueueAdmin;

/**
 * {@code mailserver queue list|flush|delete ID [--config DIR] [--set key=value]...}: the operator's view
 * of the outbound queue, working on {@code <data.dir>/queue} while the server runs (a flush is picked up
 * by the running server within a second).
 */
final class QueueCommand {
    static final String USAGE = "usage: mailserver queue list|flush|delete ID [--config DIR] [--set key=value]...";

    private QueueCommand() {
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args) {
        List<String> words = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") || args[i].equals("--set")) {
                options.add(args[i]);
                if (i + 1 < args.length) {
                    options.add(args[++i]);
                }
            } else {
                words.add(args[i]);
            }
        }
        CommandLine cl;
        try {
            cl = CommandLine.parse(options.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (words.isEmpty() || !List.of("list", "flush", "delete").contains(words.get(0))
                || (words.get(0).equals("delete") != (words.size() == 2)) || words.size() > 2) {
            System.err.println(USAGE);
            return 2;
        }
        try {
            Configuration config = Configuration.load(cl.configDir(), cl.overrides());
            QueueAdmin admin = new QueueAdmin(config.server().dataDir().resolve("queue"));
            switch (words.get(0)) {
                case "list" -> admin.print(System.out);
                case "flush" -> {
                    admin.flush();
                    System.out.println("queue: flush requested");
                }
                default -> {
                    if (!admin.delete(words.get(1))) {
                        System.err.println("queue: no message " + words.get(1));
                        return 1;
                    }
                    System.out.println("queue: deleted " + words.get(1));
                }
            }
            return 0;
        } catch (ConfigException e) {
            System.err.println("mailserver: the configuration has " + e.problems().size() + " problem(s):");
            e.problems().forEach(p -> System.err.println("  " + p));
            return 2;
        } catch (IOException e) {
            System.err.println("queue: " + e.getMessage());
            return 1;
        }
    }

    static String[] rest(String[] args) {
        return Arrays.copyOfRange(args, 1, args.length);
    }
}
