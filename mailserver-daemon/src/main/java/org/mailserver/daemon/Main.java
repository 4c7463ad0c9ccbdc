package org.mailserver.daemon;

import org.mailserver.core.config.ConfigException;
import org.mailserver.core.report.ReportCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The process: parse the command line, read the configuration, run until SIGTERM. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("queue")) {
            System.exit(QueueCommand.run(QueueCommand.rest(args)));
            return;
        }
        if (args.length > 0 && args[0].equals("report")) {
            System.exit(ReportCommand.run(QueueCommand.rest(args), System.in, System.out, System.err));
            return;
        }
        if (args.length > 0 && args[0].equals("user")) {
            System.exit(UserCommand.run(QueueCommand.rest(args), System.in, System.out, System.err));
            return;
        }
        CommandLine cl;
        try {
            cl = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (cl.version()) {
            System.out.println("mailserver " + Version.get());
            return;
        }
        Configuration config;
        try {
            config = Configuration.load(cl.configDir(), cl.overrides());
        } catch (ConfigException e) {
            System.err.println("mailserver: the configuration has " + e.problems().size() + " problem(s):");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(2);
            return;
        }
        if (cl.check()) {
            System.out.println("mailserver: configuration in " + cl.configDir() + " is valid");
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        try {
            Signals.install();
            Daemon daemon = Daemon.start(config);
            Signals.onReload(daemon::requestReload);
            SystemdNotify.ready();
            Signals.awaitTermination();
            SystemdNotify.stopping();
            daemon.stop();
            System.exit(0);
        } catch (Exception e) {
            log.error("mailserver: cannot start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }
}
